/**
 * Record then replay through the real binary: a run of an `ai_analyst` and an `ai_editor` step with
 * OURO_MODEL_CASSETTE_MODE=record talks to the fake server and writes the cassette; the same run
 * replayed from the cassette, with the server closed and so no network to reach, gives the same step
 * outputs and byte-identical artifacts.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../support/fake-model-server/index.js';
import { parseEvents } from '../support/run-cli.js';
import { createProject, dialects, modelEnv, ouroIn } from './ai-e2e-support.js';

const source = 'export function sum(a, b) {\n  return a - b;\n}\n';

const workflow = `name: cassette
steps:
  - id: "1.001"
    actor: ai_analyst
    with:
      analysis_type: code_review
      instructions: Review sum.js.
      files: sum.js
  - id: "2.001"
    actor: ai_editor
    depends_on: ["1.001"]
    with:
      instructions: Fix what the review found.
      context_artifacts: ["\${{ steps['1.001'].outputs.artifact }}"]
      max_turns: 5
`;

const review = {
  summary: 'sum subtracts.',
  verdict: 'request_changes',
  findings: [
    {
      file: 'sum.js',
      line: 2,
      severity: 'high',
      category: 'correctness',
      message: 'sum returns a - b.',
      suggestion: 'Return a + b.',
    },
  ],
};

interface ShownRun {
  run: { status: string; summary: Record<string, unknown> };
  steps: Array<Record<string, unknown>>;
  artifacts: Array<Record<string, unknown>>;
}

describe.each(dialects('ouro_ai_cassette'))('a model cassette on $name', (dialect) => {
  let server: FakeModelServer;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await dialect.env();
  });
  afterAll(() => dialect.cleanup());
  beforeEach(async () => {
    server = await startFakeModelServer({ requireApiKey: 'test-key' });
    project = createProject({ 'cassette.yaml': workflow, 'sum.js': source });
  });
  afterEach(async () => {
    await server.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('replays a recorded run with no network and the same outputs and artifacts', async () => {
    server.script([
      { text: JSON.stringify(review), usage: { inputTokens: 700, outputTokens: 80 } },
      { toolCalls: [{ name: 'read_file', input: { path: 'sum.js' } }] },
      {
        toolCalls: [
          {
            name: 'edit_file',
            input: { path: 'sum.js', old_text: 'return a - b;', new_text: 'return a + b;' },
          },
        ],
      },
      { toolCalls: [{ name: 'finish', input: { summary: 'sum now adds.' } }] },
    ]);
    // Where docs/models.md suggests: under .ouro/, which the repository context leaves out of prompts.
    const cassette = path.join(project, '.ouro', 'cassettes', 'run.json');
    const base = { ...env, ...modelEnv(server.anthropicBaseUrl), OURO_MODEL_CASSETTE: cassette };

    const recorded = await ouroIn(project, { ...base, OURO_MODEL_CASSETTE_MODE: 'record' })(
      'run',
      'cassette.yaml',
      '--json',
    );
    expect(recorded.exitCode, recorded.stderr).toBe(0);
    server.assertDone();
    expect(existsSync(cassette)).toBe(true);
    expect(readFileSync(cassette, 'utf8')).not.toContain('test-key');
    expect(readFileSync(path.join(project, 'sum.js'), 'utf8')).toContain('return a + b;');

    // Back to the starting state; then nothing answers at the recorded address.
    writeFileSync(path.join(project, 'sum.js'), source);
    await server.close();
    const replayed = await ouroIn(project, { ...base, OURO_MODEL_CASSETTE_MODE: 'replay' })(
      'run',
      'cassette.yaml',
      '--json',
    );
    expect(replayed.exitCode, replayed.stderr).toBe(0);
    expect(server.requests).toHaveLength(4);
    expect(readFileSync(path.join(project, 'sum.js'), 'utf8')).toContain('return a + b;');

    const ouro = ouroIn(project, env);
    const show = async (stdout: string) => {
      const runId = parseEvents(stdout).at(-1)!.runId as string;
      const shown = await ouro('runs', 'show', runId, '--json');
      expect(shown.exitCode, shown.stderr).toBe(0);
      return JSON.parse(shown.stdout) as ShownRun;
    };
    const first = await show(recorded.stdout);
    const second = await show(replayed.stdout);
    expect(first.artifacts.map((artifact) => artifact.path)).toEqual(
      expect.arrayContaining([
        'artifacts/1.001.code_review.json',
        'artifacts/2.001.patch',
        'artifacts/2.001.rationale.md',
        'artifacts/2.001.transcript.jsonl',
      ]),
    );
    expect(stable(second)).toEqual(stable(first));
  });
});

/** What must not differ between the two runs: step statuses and outputs, artifacts and their hashes, usage. */
function stable(shown: ShownRun) {
  const { inputTokens, outputTokens, costUsd } = shown.run.summary;
  return {
    status: shown.run.status,
    usage: { inputTokens, outputTokens, costUsd },
    steps: shown.steps.map(({ stepId, status, outputs, error }) => ({ stepId, status, outputs, error })),
    artifacts: shown.artifacts.map(({ stepId, path, size, sha256 }) => ({ stepId, path, size, sha256 })),
  };
}
