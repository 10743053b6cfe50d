/**
 * A rate limit through the real binary: the fake server answers the first model call with 429 and
 * `Retry-After: 1`, the gateway waits and retries, the `ai_editor` step succeeds, and the ledger holds
 * exactly one call for the step — the successful one (a retried attempt is not a second call).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../support/fake-model-server/index.js';
import { parseEvents } from '../support/run-cli.js';
import { createProject, dialects, ledgerOf, modelEnv, ouroIn } from './ai-e2e-support.js';

const workflow = `name: retry
steps:
  - id: "1.001"
    actor: ai_editor
    with:
      instructions: Say that nothing needs to change.
      max_turns: 3
`;

describe.each(dialects('ouro_ai_retry'))('a 429 with Retry-After on $name', (dialect) => {
  let server: FakeModelServer;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await dialect.env();
  });
  afterAll(() => dialect.cleanup());
  beforeEach(async () => {
    server = await startFakeModelServer({ requireApiKey: 'test-key' });
    project = createProject({ 'retry.yaml': workflow });
  });
  afterEach(async () => {
    await server.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('waits, retries and records one successful call', async () => {
    server.script([
      { error: { status: 429, headers: { 'retry-after': '1' } } },
      {
        toolCalls: [{ name: 'finish', input: { summary: 'Nothing needs to change.' } }],
        usage: { inputTokens: 900, outputTokens: 30 },
      },
    ]);
    const ouro = ouroIn(project, { ...env, ...modelEnv(server.anthropicBaseUrl) });
    const result = await ouro('run', 'retry.yaml', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    server.assertDone();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.body).toEqual(server.requests[1]!.body);

    const ended = parseEvents(result.stdout).at(-1)!;
    expect(ended).toMatchObject({ type: 'run-ended', status: 'succeeded' });
    const ledger = await ledgerOf(project, env, ended.runId as string);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      stepId: '1.001',
      outcome: 'succeeded',
      inputTokens: 900,
      outputTokens: 30,
      errorCode: null,
    });
    expect(ledger[0]!.costUsd).toBeGreaterThan(0);

    // The wait was the server's Retry-After, not a backoff of the gateway's own choosing.
    const log = readFileSync(path.join(project, '.ouro', 'logs', 'ouro.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('model call failed; retrying'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ attempt: 1, delay_ms: 1000, status: 429 });
  });
});
