/**
 * `multi_agent`: the same task to several models, combined by a strategy (multi-agent-strategies.ts)
 * into one consensus artifact. Budget-aware: every planned call is estimated first and the step is
 * refused before any call when the sum does not fit `max_cost_usd`; each call still reserves its own
 * budget in the gateway, so concurrent steps cannot overspend either.
 */
import { z } from 'zod';
import { OuroError } from '../../errors/index.js';
import type { ModelCallResult, ModelGateway } from '../../models/types.js';
import { stepErrorFrom } from '../process/step-failure.js';
import { artifactPathSchema } from '../process/workflow-paths.js';
import type { Adapter, StepContext, StepResult } from '../types.js';
import { commonAiParamsShape, focusGlobs } from './ai-params.js';
import {
  callScope,
  modelAvailability,
  requireEstimateGateway,
  requireModelGateway,
  UsageTally,
} from './model-access.js';
import {
  ballotSchema,
  multiAgentStrategies,
  planCalls,
  requestFor,
  tallyVotes,
  type Ballot,
  type PlannedCall,
  type PriorAnswer,
  type VoteTally,
} from './multi-agent-strategies.js';
import { promptMaterial } from './prompt-material.js';
import { readStructuredAnswer } from './structured-answer.js';

export const multiAgentParamsSchema = z
  .object({
    ...commonAiParamsShape,
    model: commonAiParamsShape.model.describe(
      'The model that writes the synthesis (dialectical); default: the first of `models`.',
    ),
    models: z.array(z.string().min(1)).min(1).describe('Model references or aliases that answer.'),
    strategy: z.enum(multiAgentStrategies).default('all'),
    options: z
      .array(z.string().min(1))
      .min(2)
      .optional()
      .describe('The choices of a `vote` (required for it).'),
    context_artifacts: z.array(artifactPathSchema).default([]),
    max_context_chars: z.number().int().min(0).default(60_000),
  })
  .strict()
  .superRefine((params, context) => {
    if (params.strategy === 'vote' && params.options === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'strategy "vote" needs `options` to choose from',
      });
    }
    if (params.strategy === 'dialectical' && params.models.length < 2) {
      context.addIssue({
        code: 'custom',
        path: ['models'],
        message: 'strategy "dialectical" needs two models (thesis, critique)',
      });
    }
  });

export type MultiAgentParams = z.infer<typeof multiAgentParamsSchema>;

export interface AnswerRecord {
  role: string;
  model: string;
  text: string;
  cost_usd: number;
  error: { code: string; message: string } | null;
  ballot?: Ballot | null;
}

export interface MultiAgentOutputs extends Record<string, unknown> {
  strategy: string;
  artifact: string;
  /** The final answer (sequential: last, dialectical: synthesis, vote: the winning option, all: null). */
  consensus: string | null;
  answers: number;
  vote: VoteTally | null;
}

function optionsOf(params: MultiAgentParams): readonly [string, ...string[]] | undefined {
  return params.options as [string, ...string[]] | undefined;
}

function plan(params: MultiAgentParams): PlannedCall[] {
  return planCalls(params.strategy, params.models, params.model);
}

/** Estimates every planned call with the task alone (later calls also carry earlier answers). */
async function estimateAll(
  gateway: ModelGateway,
  params: MultiAgentParams,
  material: string,
): Promise<{ tokens: number; costUsd: number }> {
  const common = { maxOutputTokens: params.max_output_tokens, options: optionsOf(params) };
  const estimates = await Promise.all(
    plan(params).map((call) => gateway.estimate(requestFor(call, material, [], common))),
  );
  return estimates.reduce(
    (sum, estimate) => ({ tokens: sum.tokens + estimate.tokens, costUsd: sum.costUsd + estimate.costUsd }),
    {
      tokens: 0,
      costUsd: 0,
    },
  );
}

function recordOf(call: PlannedCall, result: ModelCallResult): AnswerRecord {
  return {
    role: call.role,
    model: result.reference.text,
    text: result.text,
    cost_usd: result.costUsd,
    error: null,
  };
}

function failedRecord(call: PlannedCall, error: unknown): AnswerRecord {
  const failure = stepErrorFrom(error);
  return {
    role: call.role,
    model: call.model ?? '(default)',
    text: '',
    cost_usd: 0,
    error: { code: failure.code, message: failure.message },
  };
}

async function runStrategy(
  params: MultiAgentParams,
  material: string,
  call: (planned: PlannedCall, prior: PriorAnswer[]) => Promise<ModelCallResult>,
): Promise<{ answers: AnswerRecord[]; consensus: string | null; vote: VoteTally | null }> {
  const calls = plan(params);
  if (params.strategy === 'all' || params.strategy === 'vote') {
    const settled = await Promise.allSettled(calls.map((planned) => call(planned, [])));
    const answers = settled.map((outcome, index) =>
      outcome.status === 'fulfilled'
        ? recordOf(calls[index] as PlannedCall, outcome.value)
        : failedRecord(calls[index] as PlannedCall, outcome.reason),
    );
    const failures = settled.filter((outcome) => outcome.status === 'rejected');
    // One branch failing leaves a usable (smaller) consensus; all failing leaves nothing.
    if (failures.length === settled.length) throw (failures[0] as PromiseRejectedResult).reason;
    if (params.strategy === 'all') return { answers, consensus: null, vote: null };
    const options = optionsOf(params) as readonly [string, ...string[]];
    const schema = ballotSchema(options);
    const ballots: Ballot[] = [];
    for (const answer of answers) {
      if (answer.error !== null) continue;
      const read = readStructuredAnswer(answer.text, schema);
      // An unreadable ballot is an abstention, recorded as such, not a guess at what was meant.
      answer.ballot = read.ok ? read.value : null;
      if (read.ok) ballots.push(read.value);
    }
    const vote = tallyVotes(options, ballots);
    return { answers, consensus: vote.choice, vote };
  }
  const answers: AnswerRecord[] = [];
  const prior: PriorAnswer[] = [];
  for (const planned of calls) {
    const result = await call(planned, [...prior]);
    const record = recordOf(planned, result);
    answers.push(record);
    prior.push({ role: planned.role, model: record.model, text: record.text });
  }
  return { answers, consensus: answers.at(-1)?.text ?? null, vote: null };
}

async function executeMultiAgent(
  params: MultiAgentParams,
  context: StepContext,
): Promise<StepResult<MultiAgentOutputs>> {
  const artifact = context.artifacts.primary(`artifacts/${context.stepId}.consensus.json`, '.json');
  const outputs: MultiAgentOutputs = {
    strategy: params.strategy,
    artifact,
    consensus: null,
    answers: 0,
    vote: null,
  };
  const tally = new UsageTally();
  try {
    const gateway = requireModelGateway(context);
    const material = await promptMaterial(
      {
        instructions: params.instructions,
        contextArtifacts: params.context_artifacts,
        globs: focusGlobs(params.files),
        maxChars: params.max_context_chars,
        focus: 'contents',
      },
      context,
    );
    const planned = plan(params);
    const estimate = await estimateAll(gateway, params, material);
    if (params.max_cost_usd !== undefined && estimate.costUsd > params.max_cost_usd) {
      throw new OuroError('OURO_AI_BUDGET_INSUFFICIENT', {
        adapter: 'multi_agent',
        estimateUsd: estimate.costUsd.toFixed(4),
        calls: planned.length,
        limitUsd: params.max_cost_usd,
      });
    }
    const scope = callScope(context, params);
    const common = { maxOutputTokens: params.max_output_tokens, options: optionsOf(params) };
    const outcome = await runStrategy(params, material, async (call, prior) => {
      const result = await gateway.call(requestFor(call, material, prior, common), scope);
      tally.add(result);
      return result;
    });
    outputs.consensus = outcome.consensus;
    outputs.answers = outcome.answers.filter((answer) => answer.error === null).length;
    outputs.vote = outcome.vote;
    const document = {
      version: 1,
      strategy: params.strategy,
      task: params.instructions,
      options: params.options ?? null,
      answers: outcome.answers,
      consensus: outcome.consensus,
      vote: outcome.vote,
      estimate_usd: estimate.costUsd,
      cost_usd: tally.costUsd,
    };
    const record = await context.artifacts.write(artifact, `${JSON.stringify(document, null, 2)}\n`);
    const summary =
      params.strategy === 'vote'
        ? outcome.vote?.choice === null
          ? `vote: no winner (${outcome.vote.tie ? 'tie' : 'no valid ballot'})`
          : `vote: ${String(outcome.vote?.choice)} (${Math.round((outcome.vote?.agreement ?? 0) * 100)}% agreement)`
        : `${params.strategy}: ${outputs.answers} answer(s) from ${params.models.length} model(s)`;
    return { status: 'succeeded', outputs, artifacts: [record], usage: tally.toUsage(), summary };
  } catch (error) {
    return {
      status: 'failed',
      outputs,
      usage: tally.toUsage(),
      error: stepErrorFrom(error),
      summary: `multi_agent ${params.strategy} failed`,
    };
  }
}

export const multiAgentAdapter: Adapter<MultiAgentParams, MultiAgentOutputs> = {
  id: 'multi_agent',
  kind: 'ai',
  effects: ['model_call'],
  version: '1.0.0',
  description:
    'Several models on one task (all, sequential, dialectical, vote) combined into a consensus artifact',
  params: multiAgentParamsSchema,
  // Probed without params (`ouro adapters list`), so only the default model can be checked here.
  available: (context) => modelAvailability(context),
  estimate: (params, context) => estimateAll(requireEstimateGateway(context), params, params.instructions),
  execute: executeMultiAgent,
};
