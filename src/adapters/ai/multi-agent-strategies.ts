/**
 * How `multi_agent` combines several models: `all` collects independent answers, `sequential` lets
 * each model see the answers before it, `dialectical` runs thesis → critique → synthesis, `vote` asks
 * for a structured choice with a confidence and sums the confidences. Each strategy lists its calls
 * up front (model + role), so the adapter can estimate them all before spending anything.
 */
import type { ModelMessage } from 'ai';
import { z } from 'zod';
import type { ModelCallRequest } from '../../models/types.js';

export const multiAgentStrategies = ['all', 'sequential', 'dialectical', 'vote'] as const;
export type MultiAgentStrategy = (typeof multiAgentStrategies)[number];

export type CallRole = 'answer' | 'thesis' | 'critique' | 'synthesis' | 'ballot';

export interface PlannedCall {
  role: CallRole;
  /** A model reference or alias; undefined → the default model. */
  model: string | undefined;
}

/** The calls a strategy makes, in order; `all` and `vote` run theirs in parallel. */
export function planCalls(
  strategy: MultiAgentStrategy,
  models: readonly string[],
  synthesizer: string | undefined,
): PlannedCall[] {
  switch (strategy) {
    case 'all':
    case 'sequential':
      return models.map((model) => ({ role: 'answer', model }));
    case 'vote':
      return models.map((model) => ({ role: 'ballot', model }));
    case 'dialectical':
      return [
        { role: 'thesis', model: models[0] },
        { role: 'critique', model: models[1] ?? models[0] },
        { role: 'synthesis', model: synthesizer ?? models[0] },
      ];
  }
}

export function ballotSchema(options: readonly [string, ...string[]]) {
  return z
    .object({
      choice: z.enum(options),
      confidence: z.number().min(0).max(1).describe('0 = a guess, 1 = certain.'),
      reasoning: z.string(),
    })
    .strict();
}

export type Ballot = z.infer<ReturnType<typeof ballotSchema>>;

export interface PriorAnswer {
  role: CallRole;
  model: string;
  text: string;
}

function quoted(answers: readonly PriorAnswer[]): string {
  return answers
    .map(
      (answer, index) =>
        `<answer index="${index + 1}" role="${answer.role}" model="${answer.model}">\n${answer.text}\n</answer>`,
    )
    .join('\n\n');
}

const systemPrompts: Record<CallRole, string> = {
  answer:
    'You are one of several expert engineers answering the same question independently. Answer precisely.',
  thesis: 'You are an expert engineer. Give your best answer to the question, with its reasons.',
  critique:
    'You are a critical reviewer. Find the errors, gaps and risks in the answer below, and say what a better answer would change. Do not rewrite it wholesale.',
  synthesis:
    'You are the final decision maker. Combine the answer and its critique into one corrected, complete answer. Answer only with that final answer.',
  ballot:
    'You are one of several experts voting on a question. Choose exactly one of the options, say how confident you are (0 to 1) and why. Answer with JSON matching the schema only.',
};

/** The request of one planned call, given the task material and the answers before it. */
export function requestFor(
  call: PlannedCall,
  material: string,
  prior: readonly PriorAnswer[],
  common: { maxOutputTokens: number; options?: readonly [string, ...string[]] },
): ModelCallRequest {
  let content = material;
  if (call.role === 'answer' && prior.length > 0) {
    content += `\n\nOther experts answered before you. Build on what is right and correct what is wrong:\n\n${quoted(prior)}`;
  }
  if (call.role === 'critique' || call.role === 'synthesis') content += `\n\n${quoted(prior)}`;
  const request: ModelCallRequest = {
    model: call.model,
    system: systemPrompts[call.role],
    messages: [{ role: 'user', content } satisfies ModelMessage],
    maxOutputTokens: common.maxOutputTokens,
    purpose: `multi_agent.${call.role}`,
  };
  if (call.role === 'ballot' && common.options !== undefined) {
    request.messages = [
      {
        role: 'user',
        content: `${content}\n\nOptions: ${common.options.map((option) => JSON.stringify(option)).join(', ')}`,
      },
    ];
    request.outputSchema = z.toJSONSchema(ballotSchema(common.options), {
      target: 'draft-2020-12',
    });
  }
  return request;
}

export interface VoteTally {
  choice: string | null;
  /** Sum of confidences per option. */
  scores: Record<string, number>;
  /** Share of the valid ballots that chose the winner (0 when none). */
  agreement: number;
  tie: boolean;
}

/** Confidence-weighted plurality; a tie at the top has no winner (a person decides). */
export function tallyVotes(options: readonly string[], ballots: readonly Ballot[]): VoteTally {
  const scores: Record<string, number> = Object.fromEntries(options.map((option) => [option, 0]));
  for (const ballot of ballots) scores[ballot.choice] = (scores[ballot.choice] ?? 0) + ballot.confidence;
  const best = Math.max(...Object.values(scores));
  const leaders = options.filter((option) => scores[option] === best);
  if (ballots.length === 0 || leaders.length !== 1) {
    return { choice: null, scores, agreement: 0, tie: ballots.length > 0 };
  }
  const choice = leaders[0] as string;
  const agreement = ballots.filter((ballot) => ballot.choice === choice).length / ballots.length;
  return { choice, scores, agreement, tie: false };
}
