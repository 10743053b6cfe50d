import { describe, expect, it } from 'vitest';
import { createAiderOutputParser, parseAiderCount } from './parse-aider-output.js';
import { createClaudeStreamParser } from './parse-claude-stream.js';
import { createCodexEventParser } from './parse-codex-events.js';
import { parseGeminiDocument } from './parse-gemini-json.js';
import { createOpencodeEventParser } from './parse-opencode-events.js';

const lines = (...objects: unknown[]): string[] => objects.map((object) => JSON.stringify(object));

describe('Claude Code stream-json', () => {
  it('counts a message once although each content block repeats its usage, until the result line', () => {
    const parser = createClaudeStreamParser();
    const usage = {
      input_tokens: 10,
      cache_read_input_tokens: 90,
      cache_creation_input_tokens: 5,
      output_tokens: 7,
    };
    for (const line of lines(
      { type: 'system', subtype: 'init', session_id: 's-1', model: 'claude-sonnet-4-5' },
      { type: 'assistant', session_id: 's-1', message: { id: 'm1', content: [{ type: 'thinking' }], usage } },
      {
        type: 'assistant',
        session_id: 's-1',
        message: { id: 'm1', content: [{ type: 'text', text: 'Hi' }], usage },
      },
      { type: 'user', message: { content: [] } },
    )) {
      parser.line(line);
    }
    parser.line('not json at all');
    expect(parser.current()).toMatchObject({
      sessionId: 's-1',
      model: 'claude-sonnet-4-5',
      turns: 1,
      inputTokens: 105,
      cachedInputTokens: 90,
      outputTokens: 7,
      costUsd: undefined,
      finalMessage: 'Hi',
    });
    parser.line(
      JSON.stringify({
        type: 'result',
        subtype: 'error_max_turns',
        is_error: false,
        num_turns: 9,
        session_id: 's-1',
        total_cost_usd: 0.42,
      }),
    );
    expect(parser.finish('')).toMatchObject({
      turns: 9,
      costUsd: 0.42,
      isError: true,
      errorMessage: 'Claude Code ended with error_max_turns',
    });
  });
});

describe('codex exec --json', () => {
  it('reads older `item_type` items and a failed turn, keeping retried stream errors as the reason only', () => {
    const parser = createCodexEventParser();
    for (const line of lines(
      { type: 'thread.started', thread_id: 't-1' },
      { type: 'turn.started' },
      { type: 'error', message: 'Reconnecting... 1/5' },
      { type: 'item.completed', item: { id: 'i', item_type: 'assistant_message', text: 'ignored kind' } },
      { type: 'item.completed', item: { id: 'j', item_type: 'agent_message', text: 'partial answer' } },
    )) {
      parser.line(line);
    }
    expect(parser.current()).toMatchObject({
      sessionId: 't-1',
      turns: 1,
      isError: false,
      finalMessage: 'partial answer',
    });
    parser.line(JSON.stringify({ type: 'turn.failed', error: { message: 'stream disconnected' } }));
    expect(parser.finish('')).toMatchObject({ isError: true, errorMessage: 'stream disconnected' });
  });
});

describe('gemini --output-format json', () => {
  it('finds the document after other output and sums every model', () => {
    const stdout = `Loaded cached credentials.\n{not json\n${JSON.stringify(
      {
        session_id: 'g-1',
        response: 'ok',
        stats: {
          models: {
            'gemini-2.5-pro': {
              api: { totalRequests: 2 },
              tokens: { prompt: 100, candidates: 10, cached: 40, thoughts: 5 },
            },
            'gemini-2.5-flash': { api: { totalRequests: 1 }, tokens: { prompt: 20, candidates: 2 } },
          },
        },
      },
      null,
      2,
    )}\n`;
    expect(parseGeminiDocument(stdout)).toMatchObject({
      sessionId: 'g-1',
      model: 'gemini-2.5-pro',
      turns: 3,
      inputTokens: 120,
      cachedInputTokens: 40,
      outputTokens: 17,
      finalMessage: 'ok',
      isError: false,
    });
    expect(parseGeminiDocument('crashed before printing')).toMatchObject({
      turns: 0,
      finalMessage: undefined,
    });
  });
});

describe('aider text', () => {
  it('reads token lines with cache figures and the running session cost', () => {
    expect(parseAiderCount('2.3k')).toBe(2300);
    expect(parseAiderCount('1.2M')).toBe(1_200_000);
    expect(parseAiderCount('97')).toBe(97);
    const parser = createAiderOutputParser();
    for (const line of [
      'Aider v0.86.1',
      'Main model: anthropic/claude-sonnet-4-5 with diff edit format',
      'I will update the greeting.',
      'Tokens: 2.5k sent, 1.2k cache write, 7.4k cache hit, 101 received. Cost: $0.02 message, $0.02 session.',
      'Tokens: 1k sent, 50 received. Cost: $0.01 message, $0.03 session.',
      'Applied edit to hello.txt',
    ]) {
      parser.line(line);
    }
    expect(parser.finish('')).toMatchObject({
      turns: 2,
      inputTokens: 2500 + 1200 + 7400 + 1000,
      cachedInputTokens: 7400,
      outputTokens: 151,
      costUsd: 0.03,
      finalMessage: 'I will update the greeting.',
    });
  });
});

describe('opencode run --format json', () => {
  it('sums step costs and reports an error event', () => {
    const parser = createOpencodeEventParser();
    for (const line of lines(
      {
        type: 'step_finish',
        sessionID: 'o-1',
        part: { cost: 0.1, tokens: { input: 5, output: 3, reasoning: 2, cache: { read: 7, write: 1 } } },
      },
      { type: 'text', sessionID: 'o-1', part: { type: 'text', text: 'first' } },
      { type: 'step_finish', sessionID: 'o-1', part: { cost: 0.25, tokens: { input: 1, output: 1 } } },
      { type: 'error', sessionID: 'o-1', error: { name: 'ProviderAuthError', data: { message: 'bad key' } } },
    )) {
      parser.line(line);
    }
    const session = parser.finish('');
    expect(session).toMatchObject({
      sessionId: 'o-1',
      turns: 2,
      inputTokens: 14,
      cachedInputTokens: 7,
      outputTokens: 6,
      finalMessage: 'first',
      isError: true,
      errorMessage: 'bad key',
    });
    expect(session.costUsd).toBeCloseTo(0.35, 10);
  });
});
