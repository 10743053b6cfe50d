import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedModelGateway, type ScriptStep } from '../../../test/support/scripted-model-gateway.js';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { aiAnalystAdapter, aiAnalystParamsSchema } from './ai-analyst.js';
import { analysisJsonSchema } from './analysis-schemas.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const triage = {
  summary: 'Add a --json flag to the status command.',
  type: 'feature',
  actionable: true,
  complexity: 'small',
  risk: 'low',
  affected_areas: ['src/cli/commands/status.ts'],
  questions: [],
  suggested_labels: ['enhancement'],
};

async function analyse(script: ScriptStep[], params: Record<string, unknown>, emits: string[] = []) {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ouro-analyst-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));
  writeFileSync(path.join(workDir, 'status.ts'), 'export function status() {}\n');
  writeFileSync(path.join(workDir, 'other.md'), 'not in focus\n');
  const context: TestStepContext = createTestStepContext({ workDir, stepId: 'triage', emits });
  cleanups.push(() => context.cleanup());
  const gateway = new ScriptedModelGateway(script);
  context.models = gateway;
  const result = await aiAnalystAdapter.execute(
    aiAnalystParamsSchema.parse({
      instructions: 'Issue #7: status should print JSON',
      analysis_type: 'issue_triage',
      ...params,
    }),
    context,
  );
  return { result, gateway, context };
}

describe('ai_analyst', () => {
  it('asks for the schema, validates the answer and writes the artifact', async () => {
    const { result, gateway, context } = await analyse(
      [{ text: '```json\n' + JSON.stringify(triage) + '\n```' }],
      // Without the repository context the focus file itself is quoted (the context is tested below).
      { files: '*.ts', max_cost_usd: 1, context_tokens: 0 },
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({
      analysis_type: 'issue_triage',
      artifact: 'artifacts/triage.issue_triage.json',
      repaired: false,
    });
    expect(
      JSON.parse(readFileSync(path.join(context.runDir, 'artifacts/triage.issue_triage.json'), 'utf8')),
    ).toEqual(triage);
    const call = gateway.calls[0]!;
    expect(call.request.outputSchema).toEqual(analysisJsonSchema('issue_triage'));
    expect(call.request.purpose).toBe('ai_analyst.issue_triage');
    expect(call.scope.limits).toEqual({ stepCostUsd: 1 });
    const prompt = call.request.messages[0]?.content as string;
    expect(prompt).toContain('Issue #7');
    expect(prompt).toContain('<file path="status.ts">');
    expect(prompt).not.toContain('other.md');
  });

  it('sends the validation problems back once and accepts the repaired answer', async () => {
    const { result, gateway } = await analyse(
      [{ text: JSON.stringify({ ...triage, complexity: 'enormous' }) }, { text: JSON.stringify(triage) }],
      {},
      ['artifacts/triage.json'],
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs).toMatchObject({ repaired: true, artifact: 'artifacts/triage.json' });
    const repair = gateway.calls[1]!.request.messages;
    expect(repair).toHaveLength(3);
    expect(repair[1]).toMatchObject({ role: 'assistant' });
    expect(repair[2]?.content).toContain('complexity');
    expect(result.usage?.inputTokens).toBe(200);
  });

  it('fails with OURO_AI_OUTPUT_INVALID after one failed repair', async () => {
    const { result, gateway } = await analyse(
      [{ text: 'I think it is a feature.' }, { text: JSON.stringify({ summary: 'x' }) }],
      {},
    );
    expect(gateway.calls).toHaveLength(2);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AI_OUTPUT_INVALID');
    expect(result.error?.message).toContain('type');
    expect(result.error?.details).toMatchObject({ answers: ['I think it is a feature.', '{"summary":"x"}'] });
  });

  it('includes run artifacts as material', async () => {
    const { gateway } = await analyse([{ text: JSON.stringify(triage) }], {
      context_artifacts: ['artifacts/missing.log'],
    });
    expect(gateway.calls[0]?.request.messages[0]?.content).toContain(
      '<artifact path="artifacts/missing.log">',
    );
  });

  it('fails with OURO_MODEL_NOT_CONFIGURED without a gateway', async () => {
    const context = createTestStepContext();
    cleanups.push(() => context.cleanup());
    const result = await aiAnalystAdapter.execute(
      aiAnalystParamsSchema.parse({ instructions: 'x', analysis_type: 'code_review' }),
      context,
    );
    expect(result.error?.code).toBe('OURO_MODEL_NOT_CONFIGURED');
  });

  it('estimates both attempts through the gateway, and reports availability from it', async () => {
    const gateway = new ScriptedModelGateway([], {
      estimate: { tokens: 700, costUsd: 0.05 },
      availability: { available: false, reason: 'no key' },
    });
    const projectDir = mkdtempSync(path.join(os.tmpdir(), 'ouro-analyst-estimate-'));
    cleanups.push(() => rmSync(projectDir, { recursive: true, force: true }));
    const availabilityContext = { projectDir, env: {}, models: gateway };
    const params = aiAnalystParamsSchema.parse({ instructions: 'x', analysis_type: 'test_plan' });
    expect(await aiAnalystAdapter.estimate!(params, availabilityContext)).toEqual({
      tokens: 1400,
      costUsd: 0.1,
    });
    expect(gateway.estimates[0]?.outputSchema).toEqual(analysisJsonSchema('test_plan'));
    expect(await aiAnalystAdapter.available!(availabilityContext)).toEqual({
      available: false,
      reason: 'no key',
    });
    expect((await aiAnalystAdapter.available!({ projectDir: os.tmpdir(), env: {} })).available).toBe(false);
  });

  describe('repository context', () => {
    const repositoryFiles: Record<string, string> = {
      'src/store/open-store.ts':
        "import { Pool } from './pool.js';\nexport interface StoreOptions { url: string }\nexport async function openStore(options: StoreOptions): Promise<Pool> {\n  return new Pool(options.url);\n}\n",
      'src/store/pool.ts': 'export class Pool {\n  constructor(readonly url: string) {}\n}\n',
      'src/report/summary.ts': 'export const summarize = (rows: number[]): number => rows.length;\n',
      'docs/notes.md': '# Notes\n',
    };
    const task = 'openStore in src/store/open-store.ts must retry on busy errors';

    function repository(): string {
      const root = mkdtempSync(path.join(os.tmpdir(), 'ouro-analyst-repo-'));
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));
      for (const [file, content] of Object.entries(repositoryFiles)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), content);
      }
      return root;
    }

    async function analyseRepository(params: Record<string, unknown>) {
      const workDir = repository();
      const context = createTestStepContext({ workDir, stepId: 'review' });
      cleanups.push(() => context.cleanup());
      const gateway = new ScriptedModelGateway([{ text: JSON.stringify(triage) }]);
      context.models = gateway;
      const result = await aiAnalystAdapter.execute(
        aiAnalystParamsSchema.parse({ instructions: task, analysis_type: 'issue_triage', ...params }),
        context,
      );
      const prompt = gateway.calls[0]?.request.messages[0]?.content as string;
      return { result, prompt, context };
    }

    it('puts the ranked files and symbols for the task after it, and writes them as an artifact', async () => {
      const { result, prompt, context } = await analyseRepository({});
      expect(result.status).toBe('succeeded');
      const start = prompt.indexOf('<repository_context>');
      const end = prompt.indexOf('</repository_context>');
      expect(prompt.indexOf(task)).toBeLessThan(start);
      expect(start).toBeLessThan(end);
      const quoted = prompt.slice(start, end);
      // The mentioned file in full, with its symbols; the file it imports is in the context too.
      expect(quoted).toContain('src/store/open-store.ts\n```ts\n');
      expect(quoted).toContain('export async function openStore(options: StoreOptions)');
      expect(quoted).toContain('src/store/pool.ts');
      expect(quoted.indexOf('src/store/open-store.ts')).toBeLessThan(quoted.indexOf('src/store/pool.ts'));

      const artifactPath = 'artifacts/review.context.md';
      expect(result.artifacts?.map((artifact) => artifact.path)).toContain(artifactPath);
      const artifact = readFileSync(path.join(context.runDir, artifactPath), 'utf8');
      expect(artifact).toMatch(/\| full \| \d+ \| src\/store\/open-store\.ts \| mentioned in the task/);
      expect(artifact).toContain(task);
      // The artifact shows exactly what the model received.
      const sent = artifact.slice(
        artifact.indexOf('## Sent to the model\n\n') + '## Sent to the model\n\n'.length,
      );
      expect(quoted).toContain(sent.trimEnd());
    });

    it('is focused by the files globs and does not repeat files it shows in full', async () => {
      const { prompt } = await analyseRepository({
        files: ['src/store/open-store.ts', 'src/report/*.ts'],
      });
      const quoted = prompt.slice(
        prompt.indexOf('<repository_context>'),
        prompt.indexOf('</repository_context>'),
      );
      expect(quoted).toContain('export async function openStore(options: StoreOptions)');
      expect(quoted).toContain('src/report/summary.ts');
      expect(quoted).not.toContain('src/store/pool.ts');
      // The focus file shown in full is not quoted a second time; the one only in the map is.
      expect(prompt).not.toContain('<file path="src/store/open-store.ts">');
      expect(prompt).toContain('<file path="src/report/summary.ts">');
      expect(prompt).toContain('shown in full in the repository context above: src/store/open-store.ts');
    });

    it('sends none and writes no artifact with context_tokens: 0', async () => {
      const { result, prompt, context } = await analyseRepository({ context_tokens: 0 });
      expect(result.status).toBe('succeeded');
      expect(prompt).not.toContain('repository_context');
      expect(prompt).not.toContain('src/store/pool.ts');
      expect(existsSync(path.join(context.runDir, 'artifacts/review.context.md'))).toBe(false);
    });

    it('is part of the estimate', async () => {
      const gateway = new ScriptedModelGateway([]);
      const estimateContext = { projectDir: repository(), env: {}, models: gateway };
      await aiAnalystAdapter.estimate!(
        aiAnalystParamsSchema.parse({ instructions: task, analysis_type: 'code_review' }),
        estimateContext,
      );
      await aiAnalystAdapter.estimate!(
        aiAnalystParamsSchema.parse({ instructions: task, analysis_type: 'code_review', context_tokens: 0 }),
        estimateContext,
      );
      const [withContext, without] = gateway.estimates.map(
        (request) => request.messages[0]?.content as string,
      );
      expect(withContext).toContain('<repository_context>');
      expect(withContext).toContain('export async function openStore');
      expect(without).toBe(`Task:\n${task}`);
    });
  });
});
