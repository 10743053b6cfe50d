/**
 * A ModelGateway for adapter unit tests: it answers from a script (one reply per call, in order),
 * records every request with its scope, and fails the test on a call the script did not expect. A
 * reply may be a function of the request, or an error to throw (a budget refusal, a provider error).
 */
import type { AssistantModelMessage } from 'ai';
import type {
  ExternalUsageEntry,
  ExternalUsageResult,
  ModelCallRequest,
  ModelCallResult,
  ModelCallScope,
  ModelGateway,
  ModelReference,
} from '../../src/models/types.js';

export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; input: unknown; id?: string }[];
  finishReason?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

export type ScriptStep = ScriptedReply | Error | ((request: ModelCallRequest) => ScriptedReply | Error);

export interface RecordedCall {
  request: ModelCallRequest;
  scope: ModelCallScope;
}

export interface ScriptedGatewayOptions {
  /** What estimate() answers per request (default 1000 tokens, $0.01). */
  estimate?: { tokens: number; costUsd: number };
  /** availability() result (default available). */
  availability?: { available: boolean; reason?: string; remedy?: string };
  defaultModel?: string;
}

function referenceOf(text: string): ModelReference {
  const colon = text.indexOf(':');
  return colon === -1
    ? { provider: 'scripted', model: text, text: `scripted:${text}` }
    : { provider: text.slice(0, colon), model: text.slice(colon + 1), text };
}

export class ScriptedModelGateway implements ModelGateway {
  readonly calls: RecordedCall[] = [];
  readonly estimates: ModelCallRequest[] = [];
  private readonly script: ScriptStep[];
  private counter = 0;

  constructor(
    script: ScriptStep[],
    private readonly options: ScriptedGatewayOptions = {},
  ) {
    this.script = [...script];
  }

  /** Script steps not consumed yet (a test asserts 0 to prove every reply was used). */
  get remaining(): number {
    return this.script.length;
  }

  call(request: ModelCallRequest, scope: ModelCallScope): Promise<ModelCallResult> {
    // Deep copy: the adapter keeps mutating its message list after the call.
    this.calls.push({ request: structuredClone({ ...request }), scope });
    const step = this.script.shift();
    if (step === undefined) {
      return Promise.reject(
        new Error(
          `unexpected model call #${this.calls.length} (${request.purpose}): the script is exhausted`,
        ),
      );
    }
    const reply = typeof step === 'function' ? step(request) : step;
    if (reply instanceof Error) return Promise.reject(reply);
    const reference = referenceOf(
      reply.model ?? request.model ?? this.options.defaultModel ?? 'scripted:default',
    );
    const toolCalls = (reply.toolCalls ?? []).map((call) => ({
      id: call.id ?? `call_${(this.counter += 1)}`,
      name: call.name,
      input: call.input,
    }));
    const content: AssistantModelMessage['content'] = [];
    if (reply.text !== undefined && reply.text !== '') content.push({ type: 'text', text: reply.text });
    for (const call of toolCalls) {
      content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.input });
    }
    return Promise.resolve({
      reference,
      text: reply.text ?? '',
      toolCalls,
      finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
      usage: {
        inputTokens: reply.inputTokens ?? 100,
        outputTokens: reply.outputTokens ?? 20,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
      },
      costUsd: reply.costUsd ?? 0.001,
      latencyMs: 1,
      responseMessages: [{ role: 'assistant', content }],
      callId: `mc_${this.calls.length}`,
    });
  }

  /** Usage recorded from outside the gateway (coding agents), with its scope. */
  readonly externalUsage: Array<{ entry: ExternalUsageEntry; scope: ModelCallScope }> = [];

  recordExternalUsage(entry: ExternalUsageEntry, scope: ModelCallScope): Promise<ExternalUsageResult> {
    this.externalUsage.push({ entry, scope });
    return Promise.resolve({
      callId: `mc_external_${this.externalUsage.length}`,
      costUsd: entry.costUsd ?? 0,
      priceKnown: entry.costUsd !== undefined,
    });
  }

  /** A scripted gateway has no budgets: there is always room. */
  budgetExhausted(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  estimate(
    request: ModelCallRequest,
  ): Promise<{ reference: ModelReference; tokens: number; costUsd: number }> {
    this.estimates.push(request);
    const estimate = this.options.estimate ?? { tokens: 1000, costUsd: 0.01 };
    return Promise.resolve({ reference: referenceOf(request.model ?? 'scripted:default'), ...estimate });
  }

  availability(): { available: boolean; reason?: string; remedy?: string } {
    return this.options.availability ?? { available: true };
  }
}
