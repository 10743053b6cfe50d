import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OuroError } from '../../errors/index.js';
import type { ModelCallRequest } from '../../models/types.js';
import {
  ScriptedModelGateway,
  type ScriptStep,
  type ScriptedGatewayOptions,
} from '../../../test/support/scripted-model-gateway.js';
import { createTestStepContext } from '../../../test/support/step-context.js';
import { multiAgentAdapter, multiAgentParamsSchema } from './multi-agent.js';
import { tallyVotes } from './multi-agent-strategies.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function consult(
  script: ScriptStep[],
  params: Record<string, unknown>,
  options: ScriptedGatewayOptions = {},
) {
  const context = createTestStepContext({ stepId: 'panel' });
  cleanups.push(() => context.cleanup());
  const gateway = new ScriptedModelGateway(script, options);
  context.models = gateway;
  const result = await multiAgentAdapter.execute(
    multiAgentParamsSchema.parse({
      instructions: 'Which queue library?',
      models: ['a:one', 'b:two', 'c:three'],
      ...params,
    }),
    context,
  );
  const artifact = (): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(context.runDir, 'artifacts/panel.consensus.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  return { result, gateway, artifact };
}

const byModel =
  (answers: Record<string, string>): ScriptStep =>
  (request: ModelCallRequest) => ({ text: answers[request.model ?? ''] ?? 'unknown', model: request.model });

describe('multi_agent', () => {
  it('all: asks every model the same question and collects the answers', async () => {
    const answers = { 'a:one': 'pg-boss', 'b:two': 'graphile-worker', 'c:three': 'pg-boss' };
    const { result, gateway, artifact } = await consult(
      [byModel(answers), byModel(answers), byModel(answers)],
      {},
    );
    expect(result.status).toBe('succeeded');
    expect(gateway.calls.map((call) => call.request.model).sort()).toEqual(['a:one', 'b:two', 'c:three']);
    expect(new Set(gateway.calls.map((call) => JSON.stringify(call.request.messages))).size).toBe(1);
    const document = artifact();
    expect(document.strategy).toBe('all');
    expect(
      (document.answers as { model: string; text: string }[])
        .map((answer) => `${answer.model}=${answer.text}`)
        .sort(),
    ).toEqual(['a:one=pg-boss', 'b:two=graphile-worker', 'c:three=pg-boss']);
    expect(result.usage?.costUsd).toBeCloseTo(0.003, 10);
  });

  it('all: one failing branch is recorded, the rest still count', async () => {
    const failing = (request: ModelCallRequest) =>
      request.model === 'b:two'
        ? new OuroError('OURO_INTERNAL', { message: 'provider down' })
        : { text: 'ok', model: request.model };
    const { result, artifact } = await consult([failing, failing, failing], {});
    expect(result.status).toBe('succeeded');
    expect(result.outputs.answers).toBe(2);
    expect(
      (artifact().answers as { error: unknown }[]).filter((answer) => answer.error !== null),
    ).toHaveLength(1);
  });

  it('sequential: each model sees the answers before it; the last answer is the consensus', async () => {
    const { result, gateway } = await consult([{ text: 'first' }, { text: 'second' }, { text: 'third' }], {
      strategy: 'sequential',
    });
    expect(gateway.calls.map((call) => call.request.model)).toEqual(['a:one', 'b:two', 'c:three']);
    const prompt = (index: number): string => gateway.calls[index]?.request.messages[0]?.content as string;
    expect(prompt(0)).not.toContain('<answer');
    expect(prompt(1)).toContain('first');
    expect(prompt(2)).toContain('first');
    expect(prompt(2)).toContain('second');
    expect(result.outputs.consensus).toBe('third');
  });

  it('dialectical: thesis, critique of it, synthesis of both', async () => {
    const { result, gateway } = await consult(
      [{ text: 'THESIS' }, { text: 'CRITIQUE' }, { text: 'SYNTHESIS' }],
      {
        strategy: 'dialectical',
        models: ['a:one', 'b:two'],
        model: 'c:judge',
      },
    );
    expect(gateway.calls.map((call) => [call.request.purpose, call.request.model])).toEqual([
      ['multi_agent.thesis', 'a:one'],
      ['multi_agent.critique', 'b:two'],
      ['multi_agent.synthesis', 'c:judge'],
    ]);
    expect(gateway.calls[1]?.request.messages[0]?.content).toContain('THESIS');
    expect(gateway.calls[2]?.request.messages[0]?.content).toContain('CRITIQUE');
    expect(result.outputs.consensus).toBe('SYNTHESIS');
  });

  it('vote: structured ballots weighted by confidence; an unreadable ballot abstains', async () => {
    const ballot = (choice: string, confidence: number) =>
      JSON.stringify({ choice, confidence, reasoning: 'because' });
    const answers = {
      'a:one': ballot('pg-boss', 0.9),
      'b:two': ballot('graphile-worker', 0.6),
      'c:three': 'pg-boss, surely',
    };
    const { result, gateway, artifact } = await consult(
      [byModel(answers), byModel(answers), byModel(answers)],
      {
        strategy: 'vote',
        options: ['pg-boss', 'graphile-worker'],
      },
    );
    expect(result.status).toBe('succeeded');
    expect(gateway.calls[0]?.request.outputSchema).toMatchObject({
      properties: { choice: { enum: ['pg-boss', 'graphile-worker'] } },
    });
    expect(result.outputs.vote).toEqual({
      choice: 'pg-boss',
      scores: { 'pg-boss': 0.9, 'graphile-worker': 0.6 },
      agreement: 0.5,
      tie: false,
    });
    expect(result.outputs.consensus).toBe('pg-boss');
    expect(
      (artifact().answers as { model: string; ballot: unknown }[]).find(
        (answer) => answer.model === 'c:three',
      )?.ballot,
    ).toBeNull();
  });

  it('refuses before any call when the estimates of all branches exceed max_cost_usd', async () => {
    const { result, gateway } = await consult(
      [],
      { max_cost_usd: 0.05 },
      { estimate: { tokens: 100, costUsd: 0.02 } },
    );
    expect(gateway.estimates).toHaveLength(3);
    expect(gateway.calls).toHaveLength(0);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('OURO_AI_BUDGET_INSUFFICIENT');
  });

  it('runs when the estimates fit, passing the step limit to every call', async () => {
    const { result, gateway } = await consult(
      [{ text: '1' }, { text: '2' }, { text: '3' }],
      { max_cost_usd: 0.07 },
      { estimate: { tokens: 100, costUsd: 0.02 } },
    );
    expect(result.status).toBe('succeeded');
    for (const call of gateway.calls) expect(call.scope.limits).toEqual({ stepCostUsd: 0.07 });
  });

  it('validates its params at verify time', () => {
    expect(
      multiAgentParamsSchema.safeParse({ instructions: 'x', models: ['a:b'], strategy: 'vote' }).success,
    ).toBe(false);
    expect(
      multiAgentParamsSchema.safeParse({ instructions: 'x', models: ['a:b'], strategy: 'dialectical' })
        .success,
    ).toBe(false);
    expect(
      multiAgentParamsSchema.safeParse({ instructions: 'x', models: ['a:b', 'c:d'], strategy: 'dialectical' })
        .success,
    ).toBe(true);
  });

  it('a tie has no winner', () => {
    const ballots = [
      { choice: 'x', confidence: 0.5, reasoning: '' },
      { choice: 'y', confidence: 0.5, reasoning: '' },
    ];
    expect(tallyVotes(['x', 'y'], ballots)).toMatchObject({ choice: null, tie: true });
  });
});
