/**
 * The editing agent's loop: ask the model, execute the tool calls it makes, send the results back as
 * `tool` messages, until it calls `finish` (or answers without a tool call), runs out of turns, of
 * budget (the gateway refuses with OURO_BUDGET_EXCEEDED) or of wall-clock time. The loop never
 * throws for a model failure: it reports how it stopped, so the step can still write the diff and
 * transcript of what happened.
 */
import type { ModelMessage, ToolModelMessage } from 'ai';
import type { ModelCallRequest, ModelCallScope, ModelGateway } from '../../../models/types.js';
import type { UsageTally } from '../model-access.js';
import { dispatchTool } from './dispatch-tool.js';
import type { EditorToolContext } from './tool-context.js';

export type TranscriptEntry =
  | {
      type: 'model';
      turn: number;
      model: string;
      text: string;
      tool_calls: { id: string; name: string; input: unknown }[];
      finish_reason: string;
      input_tokens: number;
      output_tokens: number;
      cost_usd: number;
    }
  | {
      type: 'tool';
      turn: number;
      id: string;
      name: string;
      input: unknown;
      output: string;
      is_error: boolean;
    }
  | { type: 'stop'; turn: number; reason: EditLoopStop; message?: string };

export type EditLoopStop = 'finished' | 'answered' | 'turn_limit' | 'timeout' | 'cancelled' | 'error';

export interface EditLoopOptions {
  gateway: ModelGateway;
  request: Omit<ModelCallRequest, 'messages'>;
  messages: ModelMessage[];
  scope: ModelCallScope;
  maxTurns: number;
  tools: EditorToolContext;
  tally: UsageTally;
  /** Fires when the wall-clock limit passes (the scope's signal aborts too). */
  timeoutSignal: AbortSignal;
  /** The step's own cancellation. */
  cancelSignal: AbortSignal;
  onEntry?(entry: TranscriptEntry): void;
}

export interface EditLoopOutcome {
  stop: EditLoopStop;
  summary: string;
  turns: number;
  transcript: TranscriptEntry[];
  /** The failure when stop is 'error'. */
  error?: unknown;
}

export async function runEditLoop(options: EditLoopOptions): Promise<EditLoopOutcome> {
  const transcript: TranscriptEntry[] = [];
  const record = (entry: TranscriptEntry): void => {
    transcript.push(entry);
    options.onEntry?.(entry);
  };
  const messages = [...options.messages];
  let turn = 0;
  const end = (stop: EditLoopStop, summary: string, error?: unknown): EditLoopOutcome => {
    const entry: TranscriptEntry = { type: 'stop', turn, reason: stop };
    if (error !== undefined) entry.message = error instanceof Error ? error.message : JSON.stringify(error);
    record(entry);
    const outcome: EditLoopOutcome = { stop, summary, turns: turn, transcript };
    if (error !== undefined) outcome.error = error;
    return outcome;
  };
  const interrupted = (): EditLoopStop | undefined => {
    if (options.cancelSignal.aborted) return 'cancelled';
    if (options.timeoutSignal.aborted) return 'timeout';
    return undefined;
  };

  while (turn < options.maxTurns) {
    const before = interrupted();
    if (before !== undefined) return end(before, '');
    turn += 1;
    let result;
    try {
      result = await options.gateway.call({ ...options.request, messages }, options.scope);
    } catch (error) {
      return end(interrupted() ?? 'error', '', interrupted() === undefined ? error : undefined);
    }
    options.tally.add(result);
    record({
      type: 'model',
      turn,
      model: result.reference.text,
      text: result.text,
      tool_calls: result.toolCalls.map((call) => ({ id: call.id, name: call.name, input: call.input })),
      finish_reason: result.finishReason,
      input_tokens: result.usage.inputTokens,
      output_tokens: result.usage.outputTokens,
      cost_usd: result.costUsd,
    });
    messages.push(...result.responseMessages);
    // A model that answers without a tool call considers the task done; its text is the summary.
    if (result.toolCalls.length === 0) return end('answered', result.text);

    const content: ToolModelMessage['content'] = [];
    let finishSummary: string | undefined;
    for (const call of result.toolCalls) {
      const outcome = await dispatchTool(call, options.tools);
      if (call.name === 'finish' && !outcome.isError) {
        const input = call.input as { summary: string };
        finishSummary = input.summary;
      }
      record({
        type: 'tool',
        turn,
        id: call.id,
        name: call.name,
        input: call.input,
        output: outcome.text,
        is_error: outcome.isError,
      });
      content.push({
        type: 'tool-result',
        toolCallId: call.id,
        toolName: call.name,
        output: outcome.isError
          ? { type: 'error-text', value: outcome.text }
          : { type: 'text', value: outcome.text },
      });
    }
    messages.push({ role: 'tool', content });
    if (finishSummary !== undefined) return end('finished', finishSummary);
  }
  return end('turn_limit', '');
}
