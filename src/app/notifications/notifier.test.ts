import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OuroConfig } from '../../config/schema/ouro-config.js';
import type { Logger } from '../../observability/logger-types.js';
import { createNotifier } from './notifier.js';
import { redactWebhookUrl } from './redact-webhook-url.js';
import { verifyWebhookSignature } from './webhook-signature.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real webhook receiver on 127.0.0.1; `respond` decides each answer by path. */
let server: Server;
let base: string;
let received: Received[];
let respond: (path: string, response: ServerResponse) => void;
let warnings: Array<Record<string, unknown>>;
let debugs: Array<Record<string, unknown>>;

function logger(): Logger {
  const ignore = () => undefined;
  const value: Logger = {
    trace: ignore,
    debug: (fields: unknown) => {
      debugs.push(fields as Record<string, unknown>);
    },
    info: ignore,
    warn: (fields: unknown, message?: unknown) => {
      warnings.push({ ...(fields as Record<string, unknown>), message });
    },
    error: ignore,
    fatal: ignore,
    child: () => value,
  };
  return value;
}

function webhooks(list: OuroConfig['notifications']['webhooks']): Pick<OuroConfig, 'notifications'> {
  return { notifications: { webhooks: list } };
}

beforeEach(async () => {
  received = [];
  warnings = [];
  debugs = [];
  respond = (_path, response) => {
    response.writeHead(204).end();
  };
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      respond(request.url ?? '', response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createNotifier', () => {
  it('POSTs {event, at, payload} signed with the secret, to the webhooks subscribed to the event', async () => {
    const secret = 'webhook-signing-secret-1';
    const notifier = createNotifier(
      webhooks([
        { url: `${base}/signed`, events: ['budget_threshold'], secret_env: 'OURO_TEST_HOOK_SECRET' },
        { url: `${base}/everything`, events: ['*'] },
        { url: `${base}/approvals-only`, events: ['approval_requested'] },
      ]),
      { logger: logger(), env: { OURO_TEST_HOOK_SECRET: secret }, now: () => Date.UTC(2026, 10, 22, 12) },
    );
    await notifier.notify('budget_threshold', { level: 'day', threshold: 80 });

    expect(received.map((request) => request.path).sort()).toEqual(['/everything', '/signed']);
    const signed = received.find((request) => request.path === '/signed')!;
    expect(JSON.parse(signed.body)).toEqual({
      event: 'budget_threshold',
      at: '2026-11-22T12:00:00.000Z',
      payload: { level: 'day', threshold: 80 },
    });
    expect(signed.headers['content-type']).toBe('application/json');
    expect(signed.headers['x-ouro-event']).toBe('budget_threshold');
    const signature = signed.headers['x-ouro-signature-256'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, signed.body, signature)).toBe(true);
    expect(verifyWebhookSignature('another-secret', signed.body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, signed.body.replace('80', '81'), signature)).toBe(false);
    // Unsigned when no secret is configured.
    const plain = received.find((request) => request.path === '/everything')!;
    expect(plain.headers['x-ouro-signature-256']).toBeUndefined();
    expect(plain.body).toBe(signed.body);
    expect(warnings).toEqual([]);
    expect(debugs.map((fields) => fields.event)).toEqual(['notification_sent', 'notification_sent']);

    received = [];
    await notifier.notify('approval_requested', { id: 'apr_1' });
    expect(received.map((request) => request.path).sort()).toEqual(['/approvals-only', '/everything']);
    received = [];
    await notifier.notify('run_failed', {});
    expect(received.map((request) => request.path)).toEqual(['/everything']);
  });

  it('logs a 500 answer with the redacted URL and the quoted body, and resolves', async () => {
    respond = (_path, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('receiver is down');
    };
    const notifier = createNotifier(
      webhooks([{ url: `${base}/hooks/T0001/secret-part?token=abc`, events: ['*'] }]),
      {
        logger: logger(),
        env: {},
      },
    );
    await expect(notifier.notify('budget_threshold', {})).resolves.toBeUndefined();
    expect(received).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      event: 'notification_failed',
      code: 'OURO_NOTIFICATION_FAILED',
      notification_event: 'budget_threshold',
      url: `${base}/…`,
      status: 500,
      message: `The budget_threshold notification to ${base}/… failed: HTTP 500: receiver is down`,
    });
    expect(JSON.stringify(warnings)).not.toContain('secret-part');
    expect(JSON.stringify(warnings)).not.toContain('token=abc');
  });

  it('gives up on a webhook that does not answer within the timeout, and still serves the others', async () => {
    respond = (path, response) => {
      // The slow receiver never answers; the test's afterEach closes its connection.
      if (path !== '/slow') response.writeHead(200).end('ok');
    };
    const notifier = createNotifier(
      webhooks([
        { url: `${base}/slow`, events: ['*'] },
        { url: `${base}/fast`, events: ['*'] },
      ]),
      { logger: logger(), env: {}, timeoutMs: 300 },
    );
    const started = Date.now();
    await notifier.notify('approval_requested', {});
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
    expect(received.map((request) => request.path).sort()).toEqual(['/fast', '/slow']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'OURO_NOTIFICATION_FAILED', url: `${base}/…` });
    expect(warnings[0]!.message).toContain('no answer within 0.3 s');
  });

  it('logs an unreachable webhook, and a missing signing secret, without throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const notifier = createNotifier(
      webhooks([
        { url: `http://127.0.0.1:${port}/gone`, events: ['*'] },
        { url: `${base}/signed`, events: ['*'], secret_env: 'OURO_TEST_UNSET_SECRET' },
      ]),
      { logger: logger(), env: {} },
    );
    await expect(notifier.notify('budget_threshold', { level: 'month' })).resolves.toBeUndefined();
    const codes = warnings.map((warning) => warning.code).sort();
    expect(codes).toEqual(['OURO_NOTIFICATION_FAILED', 'OURO_NOTIFICATION_SECRET_MISSING']);
    const unreachable = warnings.find((warning) => warning.code === 'OURO_NOTIFICATION_FAILED')!;
    expect(unreachable.message).toContain('ECONNREFUSED');
    // Sent unsigned, as the warning says.
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['x-ouro-signature-256']).toBeUndefined();
  });

  it('sends nothing when no webhook subscribes', async () => {
    const notifier = createNotifier(webhooks([]), { logger: logger(), env: {} });
    await notifier.notify('budget_threshold', {});
    expect(received).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('redactWebhookUrl', () => {
  it('keeps the scheme, host and port only', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T0/B0/XyZ')).toBe('https://hooks.slack.com/…');
    expect(redactWebhookUrl('https://user:pass@example.com:8443/?token=1')).toBe(
      'https://example.com:8443/…',
    );
    expect(redactWebhookUrl('https://example.com')).toBe('https://example.com/');
    expect(redactWebhookUrl('not a url')).toBe('(invalid URL)');
  });
});
