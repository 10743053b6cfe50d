import { describe, expect, it } from 'vitest';
import { tokenCounter } from './context/token-counter.js';
import { countTokens, estimatePromptTokens, promptText } from './token-estimate.js';

describe('token estimate', () => {
  it('counts with the o200k_base tokenizer', async () => {
    expect(await countTokens('hello world')).toBe(2);
    // Special-token text is counted as text instead of throwing.
    expect(await countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('shares one lazily loaded counter with the context builder', async () => {
    // The same promise every time: the rank table is built once per process, not once per user.
    expect(tokenCounter()).toBe(tokenCounter());
    const counter = await tokenCounter();
    expect(counter.name).toBe('o200k_base');
    const text = 'export function openStore(url: string): Store {}';
    expect(await countTokens(text)).toBe(counter.count(text));
  });

  it('includes the system prompt, message parts, tools and output schema, padded', async () => {
    const request = {
      system: 'SYSTEM',
      messages: [
        { role: 'user' as const, content: 'USER' },
        {
          role: 'assistant' as const,
          content: [
            { type: 'tool-call' as const, toolCallId: '1', toolName: 'read', input: { path: 'INPUT' } },
          ],
        },
      ],
      tools: { read: { description: 'TOOL', inputSchema: { type: 'object' } } },
      outputSchema: { title: 'SCHEMA' },
      maxOutputTokens: 10,
      purpose: 'test',
    };
    const { text, messages } = promptText(request);
    for (const part of ['SYSTEM', 'USER', 'INPUT', 'TOOL', 'SCHEMA']) expect(text).toContain(part);
    expect(messages).toBe(3);
    const estimate = await estimatePromptTokens(request);
    expect(estimate).toBeGreaterThan(await countTokens(text));
  });
});
