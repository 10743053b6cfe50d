/**
 * A run budget through the real binary: the workflow's `policy.max_cost_usd` fits exactly two model
 * calls of an `ai_editor` step (a config price override makes every call cost the same $1, reserved
 * and settled), so the third is refused with OURO_BUDGET_EXCEEDED before it reaches the server; the
 * step and the run fail with that code and the ledger never passes the budget.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../support/fake-model-server/index.js';
import { parseEvents } from '../support/run-cli.js';
import { createProject, dialects, ledgerOf, modelEnv, ouroIn } from './ai-e2e-support.js';

// Input is free and output costs $1000 per million tokens: a call reserving 1000 output tokens is $1.
const config = `models:
  prices:
    'anthropic:claude-sonnet-4-5': { input: 0, output: 1000 }
`;

const workflow = `name: budget
policy: { max_cost_usd: 2.5 }
steps:
  - id: "1.001"
    actor: ai_editor
    with:
      instructions: Read the notes until you are told to stop.
      max_output_tokens: 1000
      max_turns: 10
`;

describe.each(dialects('ouro_ai_budget'))('a run budget on $name', (dialect) => {
  let server: FakeModelServer;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await dialect.env();
  });
  afterAll(() => dialect.cleanup());
  beforeEach(async () => {
    server = await startFakeModelServer({ requireApiKey: 'test-key' });
    project = createProject({ 'ouro.config.yaml': config, 'budget.yaml': workflow, 'notes.txt': 'one\n' });
  });
  afterEach(async () => {
    await server.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('admits two $1 calls of a $2.50 run and refuses the third', async () => {
    const usage = { inputTokens: 500, outputTokens: 1000 };
    server.script([
      { toolCalls: [{ name: 'read_file', input: { path: 'notes.txt' } }], usage },
      { toolCalls: [{ name: 'read_file', input: { path: 'notes.txt' } }], usage },
    ]);
    const ouro = ouroIn(project, { ...env, ...modelEnv(server.anthropicBaseUrl) });
    const result = await ouro('run', 'budget.yaml', '--json');
    expect(result.exitCode, result.stderr).not.toBe(0);
    server.assertDone();
    expect(server.requests).toHaveLength(2);

    const events = parseEvents(result.stdout);
    const ended = events.at(-1)!;
    expect(ended).toMatchObject({ type: 'run-ended', status: 'failed' });
    const runId = ended.runId as string;
    const shown = JSON.parse((await ouro('runs', 'show', runId, '--json')).stdout) as {
      run: { status: string; error?: { code?: string } };
      steps: Array<{ stepId: string; status: string; error?: { code?: string } }>;
    };
    expect(shown.run.status).toBe('failed');
    const step = shown.steps.find((entry) => entry.stepId === '1.001')!;
    expect(step.status).toBe('failed');
    expect(step.error?.code).toBe('OURO_BUDGET_EXCEEDED');
    expect(JSON.stringify(shown.run)).toContain('OURO_BUDGET_EXCEEDED');

    const ledger = await ledgerOf(project, env, runId);
    expect(ledger.map((call) => call.outcome)).toEqual(['succeeded', 'succeeded', 'refused']);
    expect(ledger[2]!.errorCode).toBe('OURO_BUDGET_EXCEEDED');
    const total = ledger.reduce((sum, call) => sum + call.costUsd, 0);
    expect(total).toBeCloseTo(2, 9);
    expect(total).toBeLessThanOrEqual(2.5);
  });
});
