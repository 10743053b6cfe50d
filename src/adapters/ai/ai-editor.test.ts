import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ToolModelMessage } from 'ai';
import { OuroError } from '../../errors/index.js';
import type { ModelCallResult, ModelGateway } from '../../models/types.js';
import { ScriptedModelGateway, type ScriptStep } from '../../../test/support/scripted-model-gateway.js';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { aiEditorParamsSchema, createAiEditorAdapter, type AiEditorDependencies } from './ai-editor.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ouro-editor-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    writeFileSync(path.join(directory, file), content);
  }
  return directory;
}

function contextFor(workDir: string, gateway: ModelGateway | undefined): TestStepContext {
  const context = createTestStepContext({ workDir, stepId: 'fix' });
  cleanups.push(() => context.cleanup());
  if (gateway !== undefined) context.models = gateway;
  return context;
}

async function runEditor(
  workDir: string,
  script: ScriptStep[],
  params: Record<string, unknown> = {},
  dependencies: AiEditorDependencies = {},
) {
  const gateway = new ScriptedModelGateway(script);
  const context = contextFor(workDir, gateway);
  const adapter = createAiEditorAdapter(dependencies);
  const result = await adapter.execute(
    aiEditorParamsSchema.parse({ instructions: 'Fix the bug', ...params }),
    context,
  );
  const artifact = (name: string): string => readFileSync(path.join(context.runDir, name), 'utf8');
  return { result, gateway, context, artifact };
}

/** The tool results the adapter sent back after turn `turn` (1-based), read from the next request. */
function toolResultsAfter(
  gateway: ScriptedModelGateway,
  turn: number,
): { name: string; type: string; value: string }[] {
  const messages = gateway.calls[turn]?.request.messages ?? [];
  const last = messages.at(-1) as ToolModelMessage;
  expect(last.role).toBe('tool');
  return last.content.map((part) => {
    if (part.type !== 'tool-result') throw new Error(`unexpected part ${part.type}`);
    const output = part.output as { type: string; value: string };
    return { name: part.toolName, type: output.type, value: output.value };
  });
}

const finish = (summary = 'done'): ScriptStep => ({ toolCalls: [{ name: 'finish', input: { summary } }] });

describe('ai_editor', () => {
  it('reads and edits a file, then writes the patch, rationale and transcript', async () => {
    const workDir = workspace({ 'src/add.js': 'export function add(a, b) {\n  return a - b;\n}\n' });
    const { result, gateway, artifact } = await runEditor(
      workDir,
      [
        {
          text: 'Let me look.',
          toolCalls: [{ name: 'read_file', input: { path: 'src/add.js', start_line: 2, end_line: 2 } }],
        },
        {
          toolCalls: [
            { name: 'edit_file', input: { path: 'src/add.js', old_text: 'a - b', new_text: 'a + b' } },
          ],
        },
        finish('add now adds'),
      ],
      { max_cost_usd: 0.5 },
    );
    expect(result.status).toBe('succeeded');
    expect(readFileSync(path.join(workDir, 'src/add.js'), 'utf8')).toContain('return a + b;');
    expect(result.outputs).toMatchObject({
      summary: 'add now adds',
      stop_reason: 'finished',
      turns: 3,
      files_changed: ['src/add.js'],
    });
    expect(result.usage).toEqual({
      inputTokens: 300,
      outputTokens: 60,
      costUsd: expect.closeTo(0.003, 10) as number,
    });

    expect(toolResultsAfter(gateway, 1)).toEqual([
      { name: 'read_file', type: 'text', value: 'src/add.js (lines 2-2 of 3)\n2\t  return a - b;' },
    ]);
    expect(toolResultsAfter(gateway, 2)[0]).toMatchObject({ name: 'edit_file', type: 'text' });
    // The assistant turn the gateway returned is part of the conversation before the tool results.
    expect(gateway.calls[1]?.request.messages.at(-2)).toMatchObject({ role: 'assistant' });

    const first = gateway.calls[0]!;
    expect(first.scope).toMatchObject({ runId: 'run-test', stepId: 'fix', limits: { stepCostUsd: 0.5 } });
    expect(first.request.purpose).toBe('ai_editor.turn');
    expect(Object.keys(first.request.tools ?? {}).sort()).toEqual(
      ['create_file', 'delete_file', 'edit_file', 'finish', 'list_files', 'read_file', 'search'].sort(),
    );
    expect(first.request.tools?.edit_file?.inputSchema).toMatchObject({
      type: 'object',
      required: ['path', 'old_text', 'new_text'],
    });

    const patch = artifact('artifacts/fix.patch');
    expect(patch).toContain('--- a/src/add.js\n+++ b/src/add.js');
    expect(patch).toContain('-  return a - b;\n+  return a + b;');
    expect(artifact('artifacts/fix.rationale.md')).toContain('- src/add.js (modified)');
    const transcript = artifact('artifacts/fix.transcript.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(transcript.map((entry) => entry.type)).toEqual([
      'model',
      'tool',
      'model',
      'tool',
      'model',
      'tool',
      'stop',
    ]);
    expect(gateway.remaining).toBe(0);
  });

  it('reports a missing or ambiguous match back to the model and changes nothing', async () => {
    const original = 'let x = 1;\nlet y = 1;\n';
    const workDir = workspace({ 'a.js': original });
    const { result, gateway } = await runEditor(workDir, [
      { toolCalls: [{ name: 'edit_file', input: { path: 'a.js', old_text: '= 1;', new_text: '= 2;' } }] },
      { toolCalls: [{ name: 'edit_file', input: { path: 'a.js', old_text: 'let z', new_text: 'let w' } }] },
      finish(),
    ]);
    expect(result.status).toBe('succeeded');
    expect(readFileSync(path.join(workDir, 'a.js'), 'utf8')).toBe(original);
    const [ambiguous] = toolResultsAfter(gateway, 1);
    expect(ambiguous).toMatchObject({ type: 'error-text' });
    expect(ambiguous?.value).toContain('occurs 2 times in a.js (lines 1, 2)');
    const [missing] = toolResultsAfter(gateway, 2);
    expect(missing).toMatchObject({ type: 'error-text' });
    expect(missing?.value).toContain('not found in a.js');
    expect(result.outputs.files_changed).toEqual([]);
  });

  it('replace_all replaces every occurrence, literally', async () => {
    const workDir = workspace({ 'a.js': 'let x = 1;\nlet y = 1;\n' });
    await runEditor(workDir, [
      {
        toolCalls: [
          {
            name: 'edit_file',
            input: { path: 'a.js', old_text: '= 1;', new_text: '= $&;', replace_all: true },
          },
        ],
      },
      finish(),
    ]);
    expect(readFileSync(path.join(workDir, 'a.js'), 'utf8')).toBe('let x = $&;\nlet y = $&;\n');
  });

  it('creates and deletes files and shows both in the patch', async () => {
    const workDir = workspace({ 'old.txt': 'bye\n', 'keep.txt': 'x\n' });
    const { result, gateway, artifact } = await runEditor(workDir, [
      {
        toolCalls: [
          { name: 'create_file', input: { path: 'new/dir/hello.txt', content: 'hello\n' } },
          { name: 'create_file', input: { path: 'keep.txt', content: 'y\n' } },
          { name: 'delete_file', input: { path: 'old.txt' } },
        ],
      },
      finish(),
    ]);
    expect(result.status).toBe('succeeded');
    const results = toolResultsAfter(gateway, 1);
    expect(results.map((entry) => entry.type)).toEqual(['text', 'error-text', 'text']);
    expect(results[1]?.value).toContain('already exists');
    expect(existsSync(path.join(workDir, 'old.txt'))).toBe(false);
    expect(readFileSync(path.join(workDir, 'new/dir/hello.txt'), 'utf8')).toBe('hello\n');
    expect(result.outputs.files_changed).toEqual(['new/dir/hello.txt', 'old.txt']);
    const patch = artifact('artifacts/fix.patch');
    expect(patch).toContain('--- /dev/null\n+++ b/new/dir/hello.txt');
    expect(patch).toContain('--- a/old.txt\n+++ /dev/null');
    // The patch is a real git patch: reverting it on the working directory restores the start.
    execFileSync('git', ['apply', '-R', '-'], { cwd: workDir, input: patch });
    expect(readFileSync(path.join(workDir, 'old.txt'), 'utf8')).toBe('bye\n');
    expect(existsSync(path.join(workDir, 'new/dir/hello.txt'))).toBe(false);
  });

  it('refuses paths outside the working directory, into .git, through symlinks, or denied by policy', async () => {
    const outside = workspace({ 'secret.txt': 'secret\n' });
    const workDir = workspace({ 'ok.txt': 'ok\n', 'protected/file.txt': 'p\n' });
    symlinkSync(outside, path.join(workDir, 'escape'));
    symlinkSync(path.join(outside, 'missing.txt'), path.join(workDir, 'dangling.txt'));
    const attempts = [
      { name: 'read_file', input: { path: '../secret.txt' } },
      { name: 'read_file', input: { path: path.join(outside, 'secret.txt') } },
      { name: 'read_file', input: { path: 'escape/secret.txt' } },
      { name: 'create_file', input: { path: 'escape/new.txt', content: 'x' } },
      { name: 'create_file', input: { path: 'dangling.txt', content: 'x', overwrite: true } },
      { name: 'create_file', input: { path: '.git/hooks/pre-commit', content: 'x' } },
      { name: 'edit_file', input: { path: 'protected/file.txt', old_text: 'p', new_text: 'q' } },
      { name: 'read_file', input: { path: 'ok.txt' } },
      { name: 'list_files', input: {} },
    ];
    const seen: string[] = [];
    const { result, gateway } = await runEditor(
      workDir,
      [{ toolCalls: attempts }, finish()],
      {},
      {
        isPathAllowed: (relative) => {
          seen.push(relative);
          return !relative.startsWith('protected/');
        },
      },
    );
    expect(result.status).toBe('succeeded');
    const results = toolResultsAfter(gateway, 1);
    expect(results.map((entry) => entry.type)).toEqual([
      ...Array<string>(7).fill('error-text'),
      'text',
      'text',
    ]);
    // The denied file is not even listed, nor anything behind the links.
    expect(results[8]?.value.split('\n')).toEqual(['ok.txt']);
    expect(results[0]?.value).toContain('".."');
    expect(results[1]?.value).toContain('absolute');
    expect(results[2]?.value).toContain('symbolic link');
    expect(results[3]?.value).toContain('symbolic link');
    expect(results[4]?.value).toContain('symbolic link');
    expect(results[5]?.value).toContain('.git');
    expect(results[6]?.value).toContain('policy denies');
    expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
    expect(existsSync(path.join(outside, 'missing.txt'))).toBe(false);
    expect(seen.slice(0, 2)).toEqual(['protected/file.txt', 'ok.txt']);
  });

  it('runs only allowlisted commands, and offers run_command only with an allowlist', async () => {
    const workDir = workspace({ 'a.txt': 'a\n' });
    const { gateway } = await runEditor(
      workDir,
      [
        {
          toolCalls: [
            { name: 'run_command', input: { argv: ['node', '-e', 'console.log(6 * 7); process.exit(3)'] } },
            { name: 'run_command', input: { argv: ['rm', '-rf', '.'] } },
            { name: 'run_command', input: { argv: ['node', '--version'] } },
          ],
        },
        finish(),
      ],
      { allowed_commands: [['node', '-e']] },
    );
    expect(Object.keys(gateway.calls[0]?.request.tools ?? {})).toContain('run_command');
    const [allowed, rm, other] = toolResultsAfter(gateway, 1);
    expect(allowed?.type).toBe('text');
    expect(allowed?.value).toContain('exit code 3');
    expect(allowed?.value).toContain('42');
    expect(rm).toMatchObject({ type: 'error-text' });
    expect(rm?.value).toContain('command not allowed: rm -rf .');
    expect(other?.value).toContain('command not allowed');
    expect(existsSync(path.join(workDir, 'a.txt'))).toBe(true);

    const without = await runEditor(workDir, [
      { toolCalls: [{ name: 'run_command', input: { argv: ['node', '-e', '1'] } }] },
      finish(),
    ]);
    expect(Object.keys(without.gateway.calls[0]?.request.tools ?? {})).not.toContain('run_command');
    expect(toolResultsAfter(without.gateway, 1)[0]?.value).toContain('unknown tool "run_command"');
  });

  it('a command past its timeout is killed and reported', async () => {
    const workDir = workspace({});
    const { gateway } = await runEditor(
      workDir,
      [
        {
          toolCalls: [
            { name: 'run_command', input: { argv: ['node', '-e', 'setInterval(() => {}, 1000)'] } },
          ],
        },
        finish(),
      ],
      { allowed_commands: ['node -e'], command_timeout_seconds: 0.2 },
    );
    expect(toolResultsAfter(gateway, 1)[0]?.value).toContain('timed out after 0.2 s');
  });

  it('lists and searches files the way git sees them (ignored files left out)', async () => {
    const workDir = workspace({
      '.gitignore': 'build/\n*.log\n',
      'src/a.ts': 'export const needle = 1;\n',
      'src/b.ts': 'const other = 2;\n',
      'build/out.js': 'const needle = 3;\n',
      'debug.log': 'needle\n',
    });
    const outside = workspace({ 'secret.txt': 'needle outside\n' });
    symlinkSync(path.join(outside, 'secret.txt'), path.join(workDir, 'src/link.txt'));
    execFileSync('git', ['init', '-q'], { cwd: workDir });
    const { gateway } = await runEditor(workDir, [
      {
        toolCalls: [
          { name: 'list_files', input: {} },
          { name: 'list_files', input: { path: 'src', pattern: '**/*.ts' } },
          { name: 'search', input: { pattern: 'need(le)' } },
          { name: 'search', input: { pattern: '(' } },
        ],
      },
      finish(),
    ]);
    const [all, src, found, invalid] = toolResultsAfter(gateway, 1);
    expect(all?.value.split('\n')).toEqual(['.gitignore', 'src/a.ts', 'src/b.ts', 'src/link.txt']);
    expect(src?.value.split('\n')).toEqual(['src/a.ts', 'src/b.ts']);
    expect(found?.value).toBe('src/a.ts:1: export const needle = 1;');
    expect(invalid).toMatchObject({ type: 'error-text' });
  });

  it('answers invalid tool input and unknown tools with an error result', async () => {
    const workDir = workspace({ 'a.txt': 'a\n' });
    const { gateway } = await runEditor(workDir, [
      {
        toolCalls: [
          { name: 'read_file', input: { file: 'a.txt' } },
          { name: 'format_disk', input: {} },
        ],
      },
      finish(),
    ]);
    const [invalid, unknown] = toolResultsAfter(gateway, 1);
    expect(invalid?.value).toContain('invalid input for read_file');
    expect(unknown?.value).toBe('unknown tool "format_disk"');
  });

  it('stops at max_turns with OURO_AI_TURN_LIMIT, keeping the partial change as a patch', async () => {
    const workDir = workspace({ 'a.txt': 'one\n' });
    const { result, gateway, artifact } = await runEditor(
      workDir,
      [
        { toolCalls: [{ name: 'edit_file', input: { path: 'a.txt', old_text: 'one', new_text: 'two' } }] },
        { toolCalls: [{ name: 'read_file', input: { path: 'a.txt' } }] },
      ],
      { max_turns: 2 },
    );
    expect(gateway.calls).toHaveLength(2);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AI_TURN_LIMIT');
    expect(result.outputs.stop_reason).toBe('turn_limit');
    expect(artifact('artifacts/fix.patch')).toContain('+two');
  });

  it('ends when the model answers without a tool call', async () => {
    const workDir = workspace({});
    const { result } = await runEditor(workDir, [{ text: 'Nothing to change.' }]);
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({ stop_reason: 'answered', summary: 'Nothing to change.' });
  });

  it('fails with the gateway error (budget exceeded) and still writes the artifacts', async () => {
    const workDir = workspace({ 'a.txt': 'one\n' });
    const refusal = new OuroError('OURO_BUDGET_EXCEEDED', {
      level: 'step',
      scope: 'fix',
      used: 0.4,
      requested: 0.2,
      limit: 0.5,
      unit: 'USD',
    });
    const { result, artifact } = await runEditor(workDir, [
      { toolCalls: [{ name: 'edit_file', input: { path: 'a.txt', old_text: 'one', new_text: 'two' } }] },
      refusal,
    ]);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_BUDGET_EXCEEDED');
    expect(result.outputs.files_changed).toEqual(['a.txt']);
    expect(artifact('artifacts/fix.patch')).toContain('+two');
    expect(artifact('artifacts/fix.transcript.jsonl')).toContain('"reason":"error"');
  });

  it('stops at the wall-clock timeout with OURO_AI_TIMEOUT', async () => {
    const workDir = workspace({});
    // A model that never answers: the call ends only when the step's signal aborts it.
    const hanging: ModelGateway = {
      call: (_request, scope) =>
        new Promise<ModelCallResult>((_resolve, reject) => {
          scope.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      estimate: () => Promise.reject(new Error('not used')),
      availability: () => ({ available: true }),
      recordExternalUsage: () => Promise.reject(new Error('not used')),
      budgetExhausted: () => Promise.resolve(undefined),
    };
    const context = contextFor(workDir, hanging);
    const result = await createAiEditorAdapter().execute(
      aiEditorParamsSchema.parse({ instructions: 'x', timeout_seconds: 0.2 }),
      context,
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AI_TIMEOUT');
    expect(result.outputs.stop_reason).toBe('timeout');
  });

  it('fails with OURO_MODEL_NOT_CONFIGURED when the engine gives no gateway', async () => {
    const context = contextFor(workspace({}), undefined);
    const result = await createAiEditorAdapter().execute(
      aiEditorParamsSchema.parse({ instructions: 'x' }),
      context,
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_MODEL_NOT_CONFIGURED');
  });

  it('accepts commands as argv or as a line, and rejects unknown params', () => {
    const params = aiEditorParamsSchema.parse({
      instructions: 'x',
      allowed_commands: ['npx vitest run', ['npm', 'test']],
    });
    expect(params.allowed_commands).toEqual([
      ['npx', 'vitest', 'run'],
      ['npm', 'test'],
    ]);
    expect(params.max_turns).toBe(30);
    expect(aiEditorParamsSchema.safeParse({ instructions: 'x', surprise: 1 }).success).toBe(false);
  });

  it('estimates through the gateway: one turn times max_turns', async () => {
    const gateway = new ScriptedModelGateway([], { estimate: { tokens: 500, costUsd: 0.02 } });
    const estimate = await createAiEditorAdapter().estimate!(
      aiEditorParamsSchema.parse({ instructions: 'x', max_turns: 4 }),
      {
        projectDir: workspace({ 'src/add.js': 'export function add(a, b) {}\n' }),
        env: {},
        models: gateway,
      },
    );
    expect(estimate).toEqual({ tokens: 2000, costUsd: 0.08 });
    expect(gateway.estimates[0]?.tools).toBeDefined();
  });

  it('starts with the repository context for the task (tools stay), and writes it as an artifact', async () => {
    const files = {
      'src/add.js':
        "import { check } from './check.js';\nexport function add(a, b) {\n  return check(a) - b;\n}\n",
      'src/check.js': 'export function check(value) {\n  return value;\n}\n',
      'src/other.js': 'export function unrelated() {}\n',
    };
    const instructions = 'add in src/add.js subtracts; make it add';
    const { result, gateway, artifact } = await runEditor(workspace(files), [finish()], { instructions });
    expect(result.status).toBe('succeeded');
    const first = gateway.calls[0]!.request;
    expect(Object.keys(first.tools ?? {})).toContain('edit_file');
    const prompt = first.messages[0]?.content as string;
    expect(prompt.startsWith(`Task:\n${instructions}\n\nRepository context`)).toBe(true);
    const quoted = prompt.slice(
      prompt.indexOf('<repository_context>'),
      prompt.indexOf('</repository_context>'),
    );
    expect(quoted).toContain('src/add.js\n```js\nimport { check }');
    expect(quoted).toContain('export function check(value)');
    expect(result.artifacts?.map((record) => record.path)).toContain('artifacts/fix.context.md');
    expect(artifact('artifacts/fix.context.md')).toMatch(
      /\| full \| \d+ \| src\/add\.js \| mentioned in the task/,
    );
  });

  it('sends no repository context with context_tokens: 0', async () => {
    const workDir = workspace({ 'src/add.js': 'export function add(a, b) {}\n' });
    const { gateway, context } = await runEditor(workDir, [finish()], {
      instructions: 'fix add in src/add.js',
      context_tokens: 0,
    });
    expect(gateway.calls[0]?.request.messages[0]?.content).toBe('Task:\nfix add in src/add.js');
    expect(existsSync(path.join(context.runDir, 'artifacts/fix.context.md'))).toBe(false);
  });

  it('estimates the first turn with the repository context in it', async () => {
    const gateway = new ScriptedModelGateway([]);
    await createAiEditorAdapter().estimate!(
      aiEditorParamsSchema.parse({ instructions: 'fix add in src/add.js' }),
      { projectDir: workspace({ 'src/add.js': 'export function add(a, b) {}\n' }), env: {}, models: gateway },
    );
    const content = gateway.estimates[0]?.messages[0]?.content as string;
    expect(content).toContain('<repository_context>');
    expect(content).toContain('export function add(a, b)');
  });
});
