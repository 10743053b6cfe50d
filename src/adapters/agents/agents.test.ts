import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeAgentWorld,
  git,
  type FakeAgentWorld,
} from '../../../test/support/fake-agents/fake-agent-world.js';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import type { AnyAdapter } from '../types.js';
import type { AgentAdapterOptions } from './agent-definition.js';
import { agentAdapters, createAgentAdapters } from './index.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setUp(): { world: FakeAgentWorld; context: TestStepContext } {
  const world = createFakeAgentWorld();
  const context = createTestStepContext({ workDir: world.workDir, env: world.env, stepId: 'fix' });
  cleanups.push(
    () => context.cleanup(),
    () => world.cleanup(),
  );
  return { world, context };
}

function adapter(id: string, options?: AgentAdapterOptions): AnyAdapter {
  const found = (options === undefined ? agentAdapters : createAgentAdapters(options)).find(
    (candidate) => candidate.id === id,
  );
  if (found === undefined) throw new Error(`no adapter ${id}`);
  return found;
}

async function run(
  id: string,
  context: TestStepContext,
  params: Record<string, unknown>,
  options?: AgentAdapterOptions,
) {
  const agent = adapter(id, options);
  return agent.execute(agent.params.parse(params), context);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A killed process closes its pipes a moment before the kernel marks it dead: poll, bounded. */
async function isGoneSoon(pid: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

const edit = { path: 'hello.txt', content: 'hello, agent\n' };
const created = { path: 'src/new-file.ts', content: 'export const answer = 42;\n' };

const expectations: {
  id: string;
  fake: string;
  costReported: boolean;
}[] = [
  { id: 'claude_code', fake: 'claude', costReported: true },
  { id: 'codex', fake: 'codex', costReported: false },
  { id: 'gemini', fake: 'gemini', costReported: false },
  { id: 'aider', fake: 'aider', costReported: true },
  { id: 'opencode', fake: 'opencode', costReported: true },
];

describe.each(expectations)('$id with a fake agent', ({ id, fake, costReported }) => {
  it('runs in the workspace, parses the session and takes the change as a patch', async () => {
    const { world, context } = setUp();
    world.scenario(fake, {
      sessionId: `${fake}-session-42`,
      model: 'fake-model-1',
      turns: 3,
      inputTokens: 3000,
      cachedInputTokens: 600,
      outputTokens: 450,
      costUsd: 0.03,
      finalMessage: 'I changed hello.txt and added a file.',
      edits: [edit, created],
    });
    const result = await run(id, context, { instructions: '-Fix the greeting in hello.txt' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');

    const invocation = world.invocation(fake);
    expect(invocation.cwd).toBe(world.workDir);
    expect(invocation.prompt.trim()).toBe('-Fix the greeting in hello.txt');

    const outputs = result.outputs;
    expect(outputs.files_changed).toEqual(['hello.txt', 'src/new-file.ts']);
    expect(outputs.final_message).toContain('I changed hello.txt and added a file.');
    expect(outputs.cost_reported).toBe(costReported);
    if (costReported) {
      expect(outputs.cost_usd).toBeCloseTo(0.03, 6);
      expect(result.usage?.costUsd).toBeCloseTo(0.03, 6);
    } else {
      expect(outputs.cost_usd).toBe(0);
    }
    expect(result.usage?.inputTokens).toBe(outputs.input_tokens);
    expect(result.usage?.outputTokens).toBe(outputs.output_tokens);
    expect(outputs.input_tokens).toBeGreaterThan(0);
    expect(outputs.output_tokens).toBeGreaterThan(0);
    if (id !== 'aider') expect(outputs.session_id).toBe(`${fake}-session-42`);

    const patchPath = path.join(context.runDir, 'artifacts', 'fix.patch');
    const patch = readFileSync(patchPath, 'utf8');
    expect(outputs.patch).toBe('artifacts/fix.patch');
    expect(patch).toContain('+hello, agent');
    expect(patch).toContain('+++ b/src/new-file.ts');
    // The patch applies to the original tree: reset the workspace and apply it.
    git(world.workDir, 'checkout', '--', 'hello.txt');
    git(world.workDir, 'clean', '-fdq');
    git(world.workDir, 'apply', patchPath);
    expect(readFileSync(path.join(world.workDir, 'hello.txt'), 'utf8')).toBe('hello, agent\n');

    const transcript = readFileSync(path.join(context.runDir, 'artifacts', 'fix.transcript.jsonl'), 'utf8');
    const lines = transcript.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(result.artifacts?.map((artifact) => artifact.path)).toEqual(
      expect.arrayContaining(['artifacts/fix.patch', 'artifacts/fix.transcript.jsonl']),
    );
  });

  it('scrubs the environment to the allowlist and the model key', async () => {
    const { world, context } = setUp();
    world.scenario(fake, {});
    await run(id, context, { instructions: 'look around' });
    const env = world.invocation(fake).env;
    for (const secret of ['GITHUB_TOKEN', 'GH_TOKEN', 'OURO_API_TOKEN', 'AWS_SECRET_ACCESS_KEY']) {
      expect(env).not.toHaveProperty(secret);
    }
    const modelKeys = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY'].filter((name) => name in env);
    expect(modelKeys).toHaveLength(1);
    expect(env.HOME).toBe(world.home);
  });

  it('reports the agent’s own failure as OURO_AGENT_FAILED with its message', async () => {
    const { world, context } = setUp();
    world.scenario(fake, { error: 'model refused: invalid x-api-key' });
    const result = await run(id, context, { instructions: 'do it' });
    if (id === 'aider') {
      // aider has no error protocol; only its exit code says it failed.
      expect(result.status).toBe('succeeded');
      return;
    }
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AGENT_FAILED');
    expect(result.error?.message).toContain('invalid x-api-key');
  });

  it('kills the agent and its process tree at the timeout', async () => {
    const { world, context } = setUp();
    world.scenario(fake, { hang: true, edits: [edit] });
    const running = run(id, context, { instructions: 'hang', timeout_minutes: 0.02 });
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AGENT_TIMEOUT');
    const pids = world.pids(fake);
    expect(await isGoneSoon(pids.agent)).toBe(true);
    expect(await isGoneSoon(pids.grandchild)).toBe(true);
    // What it changed before it was killed is still taken.
    expect(readFileSync(path.join(context.runDir, 'artifacts', 'fix.patch'), 'utf8')).toContain(
      '+hello, agent',
    );
  });
});

describe('budget kill', () => {
  it.each([
    ['aider', 'aider'],
    ['opencode', 'opencode'],
  ])('stops %s once its reported running cost passes max_cost_usd', async (id, fake) => {
    const { world, context } = setUp();
    // Three calls of $0.30 each, then the fake waits forever: only the budget kill can end it.
    world.scenario(fake, { turns: 3, costUsd: 0.9, hang: true });
    const result = await run(id, context, { instructions: 'spend', max_cost_usd: 0.5 });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AGENT_BUDGET_EXCEEDED');
    expect(result.outputs.cost_usd).toBeGreaterThan(0.5);
    expect(await isGoneSoon(world.pids(fake).grandchild)).toBe(true);
  });

  it('stops Claude Code mid-run with an injected price estimate before its result line', async () => {
    const { world, context } = setUp();
    world.scenario('claude', {
      turns: 4,
      outputTokens: 3000,
      inputTokens: 100,
      cachedInputTokens: 0,
      hang: true,
    });
    const estimates: number[] = [];
    const result = await run(
      'claude_code',
      context,
      { instructions: 'spend', max_cost_usd: 1 },
      {
        estimateCostUsd(agent, session) {
          expect(agent).toBe('claude_code');
          const cost = session.outputTokens / 1000;
          estimates.push(cost);
          return cost;
        },
      },
    );
    expect(result.error?.code).toBe('OURO_AGENT_BUDGET_EXCEEDED');
    expect(result.outputs.cost_reported).toBe(false);
    expect(estimates.some((cost) => cost > 1)).toBe(true);
    expect(await isGoneSoon(world.pids('claude').agent)).toBe(true);
  });

  it('fails a finished run whose reported cost passed the budget, keeping its patch', async () => {
    const { world, context } = setUp();
    world.scenario('claude', { costUsd: 2.5, edits: [edit] });
    const result = await run('claude_code', context, { instructions: 'spend', max_cost_usd: 1 });
    expect(result.error?.code).toBe('OURO_AGENT_BUDGET_EXCEEDED');
    expect(result.usage?.costUsd).toBe(2.5);
    expect(result.outputs.files_changed).toEqual(['hello.txt']);
    // Claude Code's own cap is passed too.
    expect(world.invocation('claude').argv).toEqual(expect.arrayContaining(['--max-budget-usd', '1']));
  });
});

describe('command lines and permissions', () => {
  it('maps permission modes and caps to Claude Code flags', async () => {
    const { world, context } = setUp();
    world.scenario('claude', {});
    await run('claude_code', context, {
      instructions: 'x',
      model: 'claude-sonnet-4-5',
      max_turns: 7,
      permission_mode: 'read_only',
      allowed_tools: ['Read', 'Bash(npm test:*)'],
    });
    const argv = world.invocation('claude').argv;
    expect(argv.slice(0, 4)).toEqual(['-p', '--output-format', 'stream-json', '--verbose']);
    expect(argv).toEqual(
      expect.arrayContaining([
        '--permission-mode',
        'plan',
        '--model',
        'claude-sonnet-4-5',
        '--max-turns',
        '7',
      ]),
    );
    expect(argv).toEqual(expect.arrayContaining(['--allowed-tools', 'Read,Bash(npm test:*)']));
    expect(argv).not.toContain('--dangerously-skip-permissions');
    const env = world.invocation('claude').env;
    expect(env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:9/anthropic');
    expect(env.DISABLE_AUTOUPDATER).toBe('1');
  });

  it('refuses dangerously_skip_permissions unless the configuration allows it', async () => {
    const { world, context } = setUp();
    world.scenario('claude', {});
    const refused = await run('claude_code', context, {
      instructions: 'x',
      dangerously_skip_permissions: true,
    });
    expect(refused.status).toBe('failed');
    expect(refused.error?.code).toBe('OURO_AGENT_PERMISSIONS_REFUSED');
    expect(existsSync(path.join(world.home, '.fake-agent', 'claude.invocation.json'))).toBe(false);

    const allowed = await run(
      'claude_code',
      context,
      { instructions: 'x', dangerously_skip_permissions: true },
      { allowDangerouslySkipPermissions: true },
    );
    expect(allowed.status).toBe('succeeded');
    expect(world.invocation('claude').argv).toContain('--dangerously-skip-permissions');
  });

  it('configures a custom Codex provider with -c and passes only its key', async () => {
    const { world, context } = setUp();
    world.scenario('codex', {});
    context.env.LOCAL_LLM_KEY = 'local-key';
    await run('codex', context, {
      instructions: 'x',
      model: 'gpt-5.1-codex',
      provider: { name: 'local', base_url: 'http://127.0.0.1:8000/v1', env_key: 'LOCAL_LLM_KEY' },
    });
    const { argv, env } = world.invocation('codex');
    expect(argv.slice(0, 6)).toEqual(['exec', '--json', '--color', 'never', '--sandbox', 'workspace-write']);
    expect(argv).toEqual(
      expect.arrayContaining([
        '-c',
        'model_providers.local.base_url="http://127.0.0.1:8000/v1"',
        'model_providers.local.env_key="LOCAL_LLM_KEY"',
        'model_providers.local.wire_api="responses"',
        'model_provider="local"',
        '--model',
        'gpt-5.1-codex',
      ]),
    );
    expect(argv.at(-1)).toBe('-');
    expect(env.LOCAL_LLM_KEY).toBe('local-key');
    expect(env).not.toHaveProperty('OPENAI_API_KEY');
  });

  it('uses per-agent settings from the configuration: command, model, disabled', async () => {
    const { world, context } = setUp();
    world.scenario('gemini', {});
    const configured = await run(
      'gemini',
      context,
      { instructions: 'x' },
      { agents: { gemini: { model: 'gemini-2.5-pro', args: ['--debug-off'] } } },
    );
    expect(configured.status).toBe('succeeded');
    expect(world.invocation('gemini').argv).toEqual(
      expect.arrayContaining(['--approval-mode', 'auto_edit', '--model', 'gemini-2.5-pro', '--debug-off']),
    );
    const disabled = await run(
      'gemini',
      context,
      { instructions: 'x' },
      { agents: { gemini: { enabled: false } } },
    );
    expect(disabled.error?.code).toBe('OURO_ADAPTER_UNAVAILABLE');
  });

  it('rejects a workspace that is not a git repository before starting the agent', async () => {
    const { world, context } = setUp();
    world.scenario('claude', {});
    const notGit = createTestStepContext({ env: world.env, stepId: 'fix' });
    cleanups.push(() => notGit.cleanup());
    const result = await run('claude_code', notGit, { instructions: 'x' });
    expect(result.error?.code).toBe('OURO_GIT_NOT_A_REPOSITORY');
    expect(existsSync(path.join(world.home, '.fake-agent', 'claude.invocation.json'))).toBe(false);
    expect(context.workDir).toBe(world.workDir);
  });
});

describe('availability', () => {
  it('reports the version of each agent found on PATH, and what to install otherwise', async () => {
    const { world } = setUp();
    const versions = Object.fromEntries(
      await Promise.all(
        agentAdapters.map(async (agent) => [
          agent.id,
          await agent.available?.({ projectDir: world.workDir, env: world.env }),
        ]),
      ),
    );
    expect(versions).toMatchObject({
      claude_code: { available: true, version: '2.0.0' },
      codex: { available: true, version: '0.50.0' },
      gemini: { available: true, version: '0.11.0' },
      aider: { available: true, version: '0.86.1' },
      opencode: { available: true, version: '0.15.0' },
    });
    const missing = await adapter('claude_code', {
      agents: { claude_code: { command: 'no-such-claude' } },
    }).available?.({
      projectDir: world.workDir,
      env: { PATH: '/nonexistent' },
    });
    expect(missing).toMatchObject({
      available: false,
      remedy: expect.stringContaining('@anthropic-ai/claude-code'),
    });
  });
});
