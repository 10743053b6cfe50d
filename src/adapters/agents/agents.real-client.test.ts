/**
 * The real Claude Code and Codex CLIs against the fake model server: installed on demand with npm
 * into a temporary prefix (never into package.json; reused between runs), run through the adapters
 * in a real git workspace, with the model's replies scripted. If the install is impossible the test
 * fails with the reason — it never passes without having run the real programs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeAgentWorld,
  type FakeAgentWorld,
} from '../../../test/support/fake-agents/fake-agent-world.js';
import { startFakeModelServer, type FakeModelServer } from '../../../test/support/fake-model-server/index.js';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { agentAdapters } from './index.js';

const execFileAsync = promisify(execFile);

/** Pinned so a new release cannot change what the test means; bump deliberately. */
const clientPackages = ['@anthropic-ai/claude-code@2.1.197', '@openai/codex@0.169.0'];
const prefix = path.join(os.tmpdir(), 'ouro-real-agent-clients');
const binDirectory = path.join(prefix, 'node_modules', '.bin');

async function installClients(): Promise<void> {
  if (['claude', 'codex'].every((name) => existsSync(path.join(binDirectory, name)))) return;
  mkdirSync(prefix, { recursive: true });
  try {
    await execFileAsync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, ...clientPackages],
      {
        timeout: 15 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(
      `could not install the real agent clients (${clientPackages.join(', ')}) with npm into ${prefix}: ` +
        `${failure.message}\n${failure.stderr ?? ''}\nThese tests need network access to the npm registry.`,
    );
  }
  for (const name of ['claude', 'codex']) {
    if (!existsSync(path.join(binDirectory, name))) {
      throw new Error(
        `npm installed ${clientPackages.join(', ')} but ${path.join(binDirectory, name)} is missing`,
      );
    }
  }
}

function adapter(id: string) {
  const found = agentAdapters.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no adapter ${id}`);
  return found;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{
  world: FakeAgentWorld;
  context: TestStepContext;
  server: FakeModelServer;
}> {
  const world = createFakeAgentWorld();
  const server = await startFakeModelServer();
  const context = createTestStepContext({
    workDir: world.workDir,
    stepId: 'agent',
    env: {
      // The real clients first, and no fake agents on PATH.
      PATH: `${binDirectory}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: world.home,
      LANG: 'C.UTF-8',
      GITHUB_TOKEN: 'ghp_must_not_leak',
    },
  });
  cleanups.push(
    () => world.cleanup(),
    () => server.close(),
    () => context.cleanup(),
  );
  return { world, context, server };
}

describe('real agent clients against the fake model server', () => {
  beforeAll(installClients, 20 * 60_000);

  it('claude_code: Claude Code writes a file through its Write tool, and the adapter parses its stream', async () => {
    const { world, context, server } = await setUp();
    context.env.ANTHROPIC_API_KEY = 'sk-ant-fake';
    context.env.ANTHROPIC_BASE_URL = server.url;
    const target = path.join(world.workDir, 'notes.txt');
    server.script([
      {
        toolCalls: [{ name: 'Write', input: { file_path: target, content: 'written by claude\n' } }],
        usage: { inputTokens: 1000, outputTokens: 40, cachedInputTokens: 0, cacheWriteTokens: 0 },
      },
      {
        text: 'I wrote notes.txt.',
        usage: { inputTokens: 1100, outputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0 },
      },
    ]);
    const agent = adapter('claude_code');
    const result = await agent.execute(
      agent.params.parse({ instructions: 'Write notes.txt', model: 'claude-sonnet-4-5', max_turns: 5 }),
      context,
    );
    const transcript = readFileSync(path.join(context.runDir, 'artifacts', 'agent.transcript.jsonl'), 'utf8');
    expect(result.error, transcript).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(readFileSync(target, 'utf8')).toBe('written by claude\n');
    expect(result.outputs).toMatchObject({
      files_changed: ['notes.txt'],
      final_message: 'I wrote notes.txt.',
      cost_reported: true,
    });
    expect(result.outputs.session_id).toEqual(expect.any(String));
    expect(result.outputs.turns).toBeGreaterThanOrEqual(2);
    expect(result.outputs.input_tokens).toBeGreaterThanOrEqual(2100);
    expect(result.outputs.output_tokens).toBeGreaterThanOrEqual(50);
    expect(result.usage?.costUsd).toBeGreaterThan(0);
    expect(readFileSync(path.join(context.runDir, 'artifacts', 'agent.patch'), 'utf8')).toContain(
      '+written by claude',
    );
    const modelRequests = server.requests.filter((request) => request.api === 'anthropic-messages');
    expect(modelRequests.length).toBeGreaterThanOrEqual(2);
    for (const request of server.requests)
      expect(JSON.stringify(request.headers)).not.toContain('ghp_must_not_leak');
    server.assertDone();
  }, 300_000);

  it('codex: Codex over a custom Responses provider writes a file in its sandbox, and the adapter parses its events', async () => {
    const { world, context, server } = await setUp();
    context.env.OPENAI_API_KEY = 'sk-openai-fake';
    server.script([
      {
        toolCalls: [{ name: 'exec_command', input: { cmd: "printf 'written by codex\\n' > notes.txt" } }],
        usage: { inputTokens: 800, outputTokens: 20, cachedInputTokens: 0 },
      },
      { text: 'I wrote notes.txt.', usage: { inputTokens: 900, outputTokens: 12, cachedInputTokens: 100 } },
    ]);
    const agent = adapter('codex');
    const result = await agent.execute(
      agent.params.parse({
        instructions: 'Check the code',
        model: 'gpt-5.1-codex',
        provider: { name: 'fake', base_url: server.openaiBaseUrl },
      }),
      context,
    );
    const transcript = readFileSync(path.join(context.runDir, 'artifacts', 'agent.transcript.jsonl'), 'utf8');
    expect(result.error, transcript).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(readFileSync(path.join(world.workDir, 'notes.txt'), 'utf8')).toBe('written by codex\n');
    expect(result.outputs).toMatchObject({
      final_message: 'I wrote notes.txt.',
      files_changed: ['notes.txt'],
      turns: 1,
      // Codex reports the turn's usage summed over its model requests.
      input_tokens: 1700,
      cached_input_tokens: 100,
      output_tokens: 32,
      cost_reported: false,
    });
    expect(result.outputs.session_id).toEqual(expect.any(String));
    const modelRequests = server.requests.filter((request) => request.api === 'openai-responses');
    expect(modelRequests).toHaveLength(2);
    expect(modelRequests[0]?.headers.authorization).toBe('Bearer sk-openai-fake');
    server.assertDone();
  }, 300_000);
});
