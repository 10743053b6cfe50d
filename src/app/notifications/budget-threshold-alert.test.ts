import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories, type StoreFactory } from '../../../test/support/database.js';
import { createStoreBudgetGuard } from '../../models/budget/store-budget-guard.js';
import type { Logger } from '../../observability/logger-types.js';
import { verifyAuditChain } from '../../policy/audit/index.js';
import type { Store } from '../../store/types.js';
import { createBudgetThresholdAlert, describeCrossing } from './budget-threshold-alert.js';
import { createNotifier } from './notifier.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const noon = Date.UTC(2026, 10, 22, 12);
const secret = 'threshold-hook-secret';

let server: Server;
let url: string;
let deliveries: Array<{ body: string; signature: string | undefined }>;
let warnings: Array<Record<string, unknown> & { message?: unknown }>;

function logger(): Logger {
  const ignore = () => undefined;
  const value: Logger = {
    trace: ignore,
    debug: ignore,
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

beforeEach(async () => {
  deliveries = [];
  warnings = [];
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      deliveries.push({ body, signature: request.headers['x-ouro-signature-256'] as string | undefined });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ouro`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('describes a crossing in one line', () => {
  expect(
    describeCrossing({ level: 'day', scopeKey: '2026-11-22', threshold: 80, usedUsd: 8.02, limitUsd: 10 }),
  ).toBe('day budget 2026-11-22 reached 80 %: $8.02 of $10');
});

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'budget threshold alert (%s)',
  (_name: string, factory: StoreFactory) => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.create();
    });

    afterEach(async () => {
      await store.close();
    });

    it('logs budget_threshold, appends an audit entry and sends the signed notification, once', async () => {
      const log = logger();
      const notifier = createNotifier(
        { notifications: { webhooks: [{ url, events: ['budget_threshold'], secret_env: 'HOOK_SECRET' }] } },
        { logger: log, env: { HOOK_SECRET: secret }, now: () => noon },
      );
      const guard = createStoreBudgetGuard({
        store,
        config: { safety: { cost_limits: { daily_limit: 10, monthly_limit: 200 }, alert_thresholds: [80] } },
        now: () => noon,
        alerts: {
          logger: log,
          onThreshold: createBudgetThresholdAlert({
            store,
            logger: log,
            notify: notifier.notify,
            now: () => noon,
          }),
        },
      });
      const reservation = await guard.reserve({ scope: { runId: 'run_1' }, costUsd: 9, tokens: 100 });
      await guard.settle(reservation, { costUsd: 8.5, tokens: 90 });
      // A second call in the same day crosses nothing new.
      await guard.charge({ scope: {}, costUsd: 0.1, tokens: 1 });

      expect(warnings).toEqual([
        {
          event: 'budget_threshold',
          level: 'day',
          scope: '2026-11-22',
          threshold: 80,
          used_usd: 8.5,
          limit_usd: 10,
          message: 'day budget 2026-11-22 reached 80 %: $8.5 of $10',
        },
      ]);

      const entries = await store.audit.list();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: 'ouro',
        action: 'budget_threshold',
        subject: 'day:2026-11-22',
        decision: null,
        reasons: ['day budget 2026-11-22 reached 80 %: $8.5 of $10'],
        details: {
          level: 'day',
          scope: '2026-11-22',
          threshold: 80,
          usedUsd: 8.5,
          limitUsd: 10,
          percentUsed: 85,
          stopsNewWork: false,
        },
        createdAt: noon,
      });
      expect((await verifyAuditChain(store)).valid).toBe(true);

      expect(deliveries).toHaveLength(1);
      const delivery = deliveries[0]!;
      expect(verifyWebhookSignature(secret, delivery.body, delivery.signature)).toBe(true);
      expect(JSON.parse(delivery.body)).toEqual({
        event: 'budget_threshold',
        at: '2026-11-22T12:00:00.000Z',
        payload: entries[0]!.details,
      });
    });

    it('at 100 % says new work stops; a dead webhook is logged and the audit entry still written', async () => {
      const log = logger();
      const notifier = createNotifier(
        { notifications: { webhooks: [{ url: 'http://127.0.0.1:9/unreachable', events: ['*'] }] } },
        { logger: log, env: {} },
      );
      const guard = createStoreBudgetGuard({
        store,
        config: { safety: { cost_limits: { daily_limit: 1, monthly_limit: 1 }, alert_thresholds: [] } },
        now: () => noon,
        alerts: {
          logger: log,
          onThreshold: createBudgetThresholdAlert({ store, logger: log, notify: notifier.notify }),
        },
      });
      const { exceeded } = await guard.charge({ scope: {}, costUsd: 1.25, tokens: 1 });
      expect(exceeded?.level).toBe('month');
      const entries = await store.audit.list();
      expect(entries.map((entry) => [entry.subject, entry.details['stopsNewWork']])).toEqual([
        ['day:2026-11-22', true],
        ['month:2026-11', true],
      ]);
      expect(warnings.filter((warning) => warning.event === 'budget_threshold')).toHaveLength(2);
      const failures = warnings.filter((warning) => warning.code === 'OURO_NOTIFICATION_FAILED');
      expect(failures).toHaveLength(2);
      expect(failures[0]!.url).toBe('http://127.0.0.1:9/…');
      // fetch refuses port 9 itself; the reason says so instead of "fetch failed".
      expect(failures[0]!.message).toContain('bad port');
    });
  },
);
