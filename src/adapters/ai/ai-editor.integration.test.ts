/**
 * End to end: `ai_editor` fixes a real failing test in a temporary git repository through scripted
 * tool calls — a real model gateway over the real AI SDK (Anthropic provider) talking to the fake
 * model server over HTTP — and the `test` adapter, red before, is green after.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../../../test/support/fake-model-server/index.js';
import { createTestStepContext } from '../../../test/support/step-context.js';
import { ouroConfigSchema } from '../../config/index.js';
import { createModelGateway } from '../../models/model-gateway.js';
import { InMemoryBudget, InMemoryLedger } from '../../models/test-support/in-memory-accounting.js';
import { silentLogger } from '../../observability/silent-logger.js';
import { testAdapter, testParamsSchema } from '../deterministic/tools/test.js';
import { aiEditorAdapter, aiEditorParamsSchema } from './ai-editor.js';

let server: FakeModelServer;
let repository: string;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
  server = await startFakeModelServer({ requireApiKey: 'test-key' });
  repository = mkdtempSync(path.join(os.tmpdir(), 'ouro-ai-fix-'));
  writeFileSync(path.join(repository, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(repository, 'sum.js'), 'export function sum(a, b) {\n  return a - b;\n}\n');
  writeFileSync(
    path.join(repository, 'sum.test.js'),
    "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { sum } from './sum.js';\n\ntest('sum adds', () => {\n  assert.equal(sum(2, 3), 5);\n});\n",
  );
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: repository });
  git('init', '-q');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'start');
});

afterEach(async () => {
  await server.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
  rmSync(repository, { recursive: true, force: true });
});

function stepContext(stepId: string) {
  const context = createTestStepContext({ workDir: repository, stepId });
  cleanups.push(() => context.cleanup());
  return context;
}

describe('ai_editor end to end (fake Anthropic server, real gateway and SDK)', () => {
  it('fixes a failing test; the test step then passes', async () => {
    const before = await testAdapter.execute(
      testParamsSchema.parse({ runner: 'node' }),
      stepContext('tests-before'),
    );
    expect(before.status).toBe('failed');

    const ledger = new InMemoryLedger();
    const budget = new InMemoryBudget(5);
    const gateway = createModelGateway({
      config: ouroConfigSchema.parse({}),
      env: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: server.url },
      ledger,
      budget,
      logger: silentLogger,
      cwd: repository,
    });
    server.script([
      { text: 'Reading the code.', toolCalls: [{ name: 'read_file', input: { path: 'sum.js' } }] },
      {
        toolCalls: [
          {
            name: 'edit_file',
            input: { path: 'sum.js', old_text: 'return a - b;', new_text: 'return a + b;' },
          },
        ],
      },
      { toolCalls: [{ name: 'run_command', input: { argv: ['node', '--test'] } }] },
      { toolCalls: [{ name: 'finish', input: { summary: 'sum subtracted instead of adding; fixed.' } }] },
    ]);
    const context = stepContext('fix');
    context.models = gateway;
    const result = await aiEditorAdapter.execute(
      aiEditorParamsSchema.parse({
        instructions: 'The test sum.test.js fails. Fix the code, not the test.',
        model: 'anthropic:claude-sonnet-4-5',
        allowed_commands: ['node --test'],
        max_cost_usd: 1,
        max_turns: 6,
      }),
      context,
    );
    server.assertDone();
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({
      stop_reason: 'finished',
      turns: 4,
      files_changed: ['sum.js'],
      model: 'anthropic:claude-sonnet-4-5',
    });

    // The first request carried the repository context: the test the task names and the code it imports.
    const first = JSON.stringify(server.requests[0]?.body);
    expect(first).toContain('<repository_context>');
    expect(first).toContain('export function sum(a, b)');
    expect(readFileSync(path.join(context.runDir, 'artifacts/fix.context.md'), 'utf8')).toContain(
      'sum.test.js',
    );

    // The tool results reached the provider as Anthropic tool_result blocks.
    const second = server.requests[1]?.body as {
      messages: { role: string; content: unknown }[];
      tools: { name: string }[];
    };
    expect(second.tools.map((tool) => tool.name)).toContain('edit_file');
    expect(JSON.stringify(second.messages.at(-1))).toContain('tool_result');
    expect(JSON.stringify(second.messages.at(-1))).toContain('return a - b;');
    const fourth = server.requests[3]?.body as { messages: unknown[] };
    expect(JSON.stringify(fourth.messages.at(-1))).toMatch(/exit code 0/);

    // Every call is in the ledger and the budget holds the settled usage.
    expect(ledger.calls.map((call) => call.outcome)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(result.usage?.costUsd).toBeCloseTo(
      ledger.calls.reduce((sum, call) => sum + call.costUsd, 0),
      12,
    );

    const patch = readFileSync(path.join(context.runDir, 'artifacts/fix.patch'), 'utf8');
    expect(patch).toContain('-  return a - b;\n+  return a + b;');
    expect(execFileSync('git', ['diff'], { cwd: repository, encoding: 'utf8' })).toContain(
      '+  return a + b;',
    );

    const after = await testAdapter.execute(
      testParamsSchema.parse({ runner: 'node' }),
      stepContext('tests-after'),
    );
    expect(after.status).toBe('succeeded');
  });
});
