import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import type { ForgePermission } from '../types.js';
import { parseCommands } from './webhook-commands.js';
import { handleGitHubWebhook } from './webhook-handler.js';

const secret = 'It is a secret to everybody';
const permissions: Record<string, ForgePermission> = { alice: 'write', root: 'admin', bob: 'read' };
const getPermission = (user: string) => Promise.resolve(permissions[user] ?? 'none');
const sign = (body: string, key = secret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

function deliver(event: string, payload: unknown, options: { signature?: string; raw?: string } = {}) {
  const rawBody = options.raw ?? JSON.stringify(payload);
  return handleGitHubWebhook({
    headers: {
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': 'd-1',
      'X-Hub-Signature-256': options.signature ?? sign(rawBody),
    },
    rawBody: Buffer.from(rawBody),
    secret,
    getPermission,
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof OuroError ? error.code : `not an OuroError: ${String(error)}`),
  );

const comment = (login: string, body: string, pullRequest = false) => ({
  action: 'created',
  issue: { number: 7, ...(pullRequest ? { pull_request: { url: 'x' } } : {}) },
  comment: { id: 99, body, user: { login } },
  sender: { login },
});

describe('webhook signatures', () => {
  it('accepts a correct signature and the ping event', async () => {
    expect(await deliver('ping', { zen: 'Keep it logically awesome.' })).toEqual([]);
  });

  it('rejects missing, malformed, wrong-secret and tampered signatures', async () => {
    const body = JSON.stringify(comment('alice', '/ouro retry'));
    expect(await codeOf(deliver('issue_comment', null, { raw: body, signature: '' }))).toBe(
      'OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await codeOf(deliver('issue_comment', null, { raw: body, signature: 'sha1=abc' }))).toBe(
      'OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await codeOf(deliver('issue_comment', null, { raw: body, signature: sign(body, 'other') }))).toBe(
      'OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await codeOf(deliver('issue_comment', null, { raw: `${body} `, signature: sign(body) }))).toBe(
      'OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await codeOf(handleGitHubWebhook({ headers: {}, rawBody: body, secret: '', getPermission }))).toBe(
      'OURO_GITHUB_WEBHOOK_SECRET_MISSING',
    );
  });

  it('rejects unknown events and malformed payloads with stable codes', async () => {
    expect(await codeOf(deliver('deployment', {}))).toBe('OURO_GITHUB_WEBHOOK_EVENT_UNSUPPORTED');
    expect(await codeOf(deliver('issues', null, { raw: '{not json' }))).toBe(
      'OURO_GITHUB_WEBHOOK_PAYLOAD_INVALID',
    );
    expect(await codeOf(deliver('issues', { action: 'labeled', issue: { number: 'x' } }))).toBe(
      'OURO_GITHUB_WEBHOOK_PAYLOAD_INVALID',
    );
  });
});

describe('webhook events', () => {
  it('turns issues.labeled into an event authorized by the sender permission', async () => {
    const labeled = (login: string) => ({
      action: 'labeled',
      issue: { number: 3 },
      label: { name: 'ouro' },
      sender: { login },
    });
    expect(await deliver('issues', labeled('alice'))).toEqual([
      {
        kind: 'issue_labeled',
        deliveryId: 'd-1',
        issue: 3,
        label: 'ouro',
        sender: 'alice',
        authorized: true,
      },
    ]);
    expect((await deliver('issues', labeled('bob')))[0]).toMatchObject({ authorized: false });
    expect(await deliver('issues', { ...labeled('alice'), action: 'opened' })).toEqual([]);
  });

  it('honours commands from writers only and reports the others as refused', async () => {
    const body =
      'Thanks!\n/ouro approve apr_1a2b3c4d\n/ouro deny apr_ffff0000 too risky  \n> /ouro stop\n  /ouro retry\n/ouro retry';
    const events = await deliver('issue_comment', comment('root', body, true));
    expect(events.map((event) => (event.kind === 'command' ? event.command : event.kind))).toEqual([
      { name: 'approve', approvalId: 'apr_1a2b3c4d' },
      { name: 'deny', approvalId: 'apr_ffff0000', reason: 'too risky' },
      { name: 'retry' },
    ]);
    expect(events[0]).toMatchObject({ issue: 7, isPullRequest: true, commentId: '99', sender: 'root' });

    const refused = await deliver('issue_comment', comment('bob', '/ouro stop'));
    expect(refused).toEqual([
      {
        kind: 'command_refused',
        deliveryId: 'd-1',
        issue: 7,
        commentId: '99',
        sender: 'bob',
        permission: 'read',
        command: { name: 'stop' },
      },
    ]);
    expect(await deliver('issue_comment', comment('mallory', 'no commands here'))).toEqual([]);
    expect(await deliver('issue_comment', { ...comment('alice', '/ouro stop'), action: 'edited' })).toEqual(
      [],
    );
  });

  it('reports submitted reviews and completed checks', async () => {
    expect(
      await deliver('pull_request_review', {
        action: 'submitted',
        pull_request: { number: 12 },
        review: { id: 5, state: 'CHANGES_REQUESTED' },
        sender: { login: 'alice' },
      }),
    ).toEqual([
      {
        kind: 'review_submitted',
        deliveryId: 'd-1',
        pr: 12,
        reviewId: '5',
        state: 'changes_requested',
        sender: 'alice',
      },
    ]);
    expect(
      await deliver('check_run', {
        action: 'completed',
        check_run: { name: 'test', head_sha: 'abc', conclusion: 'failure', pull_requests: [{ number: 12 }] },
      }),
    ).toEqual([
      {
        kind: 'checks_completed',
        deliveryId: 'd-1',
        source: 'check_run',
        name: 'test',
        headSha: 'abc',
        conclusion: 'failure',
        pullRequests: [12],
      },
    ]);
    expect(
      (
        await deliver('workflow_run', {
          action: 'completed',
          workflow_run: { name: 'CI', head_sha: 'def', conclusion: 'success', pull_requests: [] },
        })
      )[0],
    ).toMatchObject({ source: 'workflow_run', name: 'CI', headSha: 'def' });
    expect(
      (
        await deliver('check_suite', {
          action: 'completed',
          check_suite: { head_sha: 'def', conclusion: 'success', app: { slug: 'github-actions' } },
        })
      )[0],
    ).toMatchObject({ source: 'check_suite', name: 'github-actions', pullRequests: [] });
    expect(
      await deliver('check_run', {
        action: 'created',
        check_run: { name: 't', head_sha: 'a', conclusion: null },
      }),
    ).toEqual([]);
  });
});

describe('webhook fuzzing', () => {
  it('never crashes: any body under any handled event gives events or an OuroError', async () => {
    const events = fc.constantFrom(
      'issues',
      'issue_comment',
      'pull_request_review',
      'check_run',
      'check_suite',
      'workflow_run',
      'push',
      '',
    );
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(events, bodies, async (event, raw) => {
        const outcome = await deliver(event, null, { raw }).then(
          (result) => result,
          (error: unknown) => error,
        );
        expect(Array.isArray(outcome) || outcome instanceof OuroError).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('only recognises whole command lines, and commands survive any surrounding text', () => {
    const line = fc.string().filter((text) => !text.includes('\n') && !text.includes('\r'));
    fc.assert(
      fc.property(fc.array(line), (lines) => {
        const commands = parseCommands(lines.join('\n'));
        for (const command of commands) expect(['approve', 'deny', 'retry', 'stop']).toContain(command.name);
        expect(commands.length).toBeLessThanOrEqual(lines.filter((text) => text.startsWith('/ouro ')).length);
      }),
    );
    fc.assert(
      fc.property(fc.array(line.filter((text) => !text.startsWith('/ouro '))), fc.nat(), (noise, at) => {
        const lines = noise.filter((text) => !/^\s*(```|~~~)/.test(text));
        lines.splice(at % (lines.length + 1), 0, '/ouro approve apr_00ff');
        expect(parseCommands(lines.join('\n'))).toEqual([{ name: 'approve', approvalId: 'apr_00ff' }]);
      }),
    );
  });

  it('ignores near-misses and commands inside code fences', () => {
    for (const body of [
      '/ouro approve',
      '/ouro approve apr_',
      '/ouro approve apr_1 extra',
      '/ouro deny apr_1',
      '/ouro retry now',
      '/ouro  stop',
      '/OURO stop',
      ' /ouro stop',
      '```\n/ouro stop\n```',
    ]) {
      expect(parseCommands(body)).toEqual([]);
    }
  });
});
