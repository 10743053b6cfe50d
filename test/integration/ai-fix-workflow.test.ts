/**
 * `.ai/workflows/ai-fix.yaml` end to end through the real binary, on a small JavaScript project with a
 * lint error the fixers cannot repair (an unused variable) and a failing vitest test: diagnostics and
 * tests find both, the built-in coding agent (ai_editor, scripted by the fake model server) edits the
 * code and runs the tests, and the run ends with the after-fix gates passing. eslint and vitest resolve
 * from the repository's node_modules through a symlink.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../support/fake-model-server/index.js';
import { parseEvents, repositoryRoot } from '../support/run-cli.js';
import { createProject, dialects, ledgerOf, modelEnv, ouroIn } from './ai-e2e-support.js';

const brokenSource = `export function add(a, b) {
  const unused = 0;
  return a - b;
}
`;
const fixedSource = `export function add(a, b) {
  return a + b;
}
`;

const projectFiles: Record<string, string> = {
  'package.json': '{ "name": "ai-fix-demo", "private": true, "type": "module" }\n',
  '.gitignore': 'node_modules\n.ouro\n',
  'eslint.config.js': `import js from '@eslint/js';

export default [{ ignores: ['.ouro/', 'node_modules/'] }, js.configs.recommended];
`,
  'vitest.config.js': `import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['src/**/*.test.js'] } });
`,
  'src/math.js': brokenSource,
  'src/math.test.js': `import { expect, test } from 'vitest';
import { add } from './math.js';

test('add adds', () => {
  expect(add(2, 3)).toBe(5);
});
`,
  '.ai/workflows/ai-fix.yaml': readFileSync(
    path.join(repositoryRoot, '.ai', 'workflows', 'ai-fix.yaml'),
    'utf8',
  ),
};

interface ShownRun {
  run: { status: string };
  steps: Array<{ stepId: string; status: string; outputs: Record<string, unknown> | null }>;
}

describe.each(dialects('ouro_ai_fix'))('the ai-fix workflow on $name', (dialect) => {
  let server: FakeModelServer;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await dialect.env();
  });
  afterAll(() => dialect.cleanup());
  beforeEach(async () => {
    server = await startFakeModelServer({ requireApiKey: 'test-key' });
    project = createProject(projectFiles);
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: project });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
  });
  afterEach(async () => {
    await server.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('diagnoses, lets the agent fix the lint error and the failing test, and passes the gates', async () => {
    server.script([
      { text: 'Reading the code.', toolCalls: [{ name: 'read_file', input: { path: 'src/math.js' } }] },
      {
        toolCalls: [
          {
            name: 'edit_file',
            input: { path: 'src/math.js', old_text: brokenSource, new_text: fixedSource },
          },
        ],
      },
      { toolCalls: [{ name: 'run_command', input: { argv: ['npx', 'vitest', 'run'] } }] },
      {
        toolCalls: [
          { name: 'finish', input: { summary: 'add subtracted and kept an unused variable; both fixed.' } },
        ],
      },
    ]);
    const ouro = ouroIn(project, { ...env, ...modelEnv(server.anthropicBaseUrl) });
    const result = await ouro('run', '.ai/workflows/ai-fix.yaml', '--json');
    server.assertDone();
    expect(readFileSync(path.join(project, 'src', 'math.js'), 'utf8')).toBe(fixedSource);

    // The tests before the fix report their failures without failing (allow_failures), so a fixed
    // project ends the run green.
    const ended = parseEvents(result.stdout).at(-1)!;
    expect(ended, result.stderr).toMatchObject({ type: 'run-ended', status: 'succeeded' });
    expect(result.exitCode).toBe(0);
    const runId = ended.runId as string;
    const shown = JSON.parse((await ouro('runs', 'show', runId, '--json')).stdout) as ShownRun;
    const status = Object.fromEntries(shown.steps.map((step) => [step.stepId, step.status]));
    expect(status).toEqual({
      '1.001': 'succeeded',
      '2.001': 'succeeded',
      '2.002': 'succeeded',
      '3.001': 'succeeded',
      '4.001': 'succeeded',
      '5.001': 'succeeded',
      '5.002': 'succeeded',
      '6.001': 'skipped',
      '6.002': 'succeeded',
    });
    const editor = shown.steps.find((step) => step.stepId === '4.001')!;
    expect(editor.outputs).toMatchObject({ stop_reason: 'finished', files_changed: ['src/math.js'] });

    // The agent saw the diagnostics and the test report: both are in its first prompt.
    const firstPrompt = JSON.stringify(server.requests[0]!.body);
    expect(firstPrompt).toContain('no-unused-vars');
    expect(firstPrompt).toContain('add adds');
    // Its run_command really ran vitest, green after the edit.
    expect(JSON.stringify(server.requests[3]!.body)).toMatch(/1 passed/);

    const patch = readFileSync(
      path.join(project, '.ouro', 'runs', runId, 'artifacts', 'ai-fix.patch'),
      'utf8',
    );
    expect(patch).toContain('-  return a - b;');
    expect(patch).toContain('+  return a + b;');
    const ledger = await ledgerOf(project, env, runId);
    expect(ledger.map((call) => [call.stepId, call.outcome])).toEqual(
      Array.from({ length: 4 }, () => ['4.001', 'succeeded']),
    );
  });
});
