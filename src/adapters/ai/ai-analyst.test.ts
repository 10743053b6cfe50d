import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      { files: '*.ts', max_cost_usd: 1 },
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
    const availabilityContext = { projectDir: os.tmpdir(), env: {}, models: gateway };
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
});
