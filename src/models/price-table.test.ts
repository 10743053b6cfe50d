import { describe, expect, it } from 'vitest';
import { ouroConfigSchema } from '../config/index.js';
import { costOf, priceOf, priceTableVersion } from './price-table.js';
import type { ModelReference } from './types.js';

const config = ouroConfigSchema.parse({
  models: {
    prices: {
      'anthropic:claude-sonnet-4-5': { input: 2, output: 10 },
      'compatible-box:local-model': { input: 0.5, output: 1, cache_read: 0.1, cache_write: 0.7 },
    },
  },
});
const plain = ouroConfigSchema.parse({});

function reference(provider: string, model: string): ModelReference {
  return { provider, model, text: `${provider}:${model}` };
}

const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 0, cacheWriteTokens: 0 };

describe('price table', () => {
  it('is versioned', () => {
    expect(priceTableVersion).toBe('2026-11-01');
  });

  it('prices known models and dated snapshots of them', () => {
    expect(priceOf(reference('anthropic', 'claude-sonnet-4-5'), plain)).toEqual({
      input: 3,
      output: 15,
      cacheRead: 0.3,
      cacheWrite: 3.75,
    });
    expect(priceOf(reference('anthropic', 'claude-sonnet-4-5-20250929'), plain)?.input).toBe(3);
    expect(priceOf(reference('openai', 'gpt-4.1-2025-04-14'), plain)?.output).toBe(8);
    expect(priceOf(reference('google', 'gemini-2.5-flash'), plain)?.input).toBe(0.3);
  });

  it('lets config override or add prices; cache prices default to the input price', () => {
    expect(priceOf(reference('anthropic', 'claude-sonnet-4-5'), config)).toEqual({
      input: 2,
      output: 10,
      cacheRead: 2,
      cacheWrite: 2,
    });
    expect(priceOf(reference('compatible-box', 'local-model'), config)?.cacheWrite).toBe(0.7);
  });

  it('has no price for an unknown model, and Ollama models are free', () => {
    expect(priceOf(reference('openai', 'gpt-9-imaginary'), plain)).toBeUndefined();
    expect(costOf(reference('openai', 'gpt-9-imaginary'), usage, plain)).toBeUndefined();
    expect(costOf(reference('ollama', 'llama3'), usage, plain)).toBe(0);
  });

  it('costs uncached input, cache reads, cache writes and output separately', () => {
    expect(costOf(reference('anthropic', 'claude-sonnet-4-5'), usage, plain)).toBeCloseTo(3 + 1.5, 10);
    const cached = {
      inputTokens: 1_000_000,
      outputTokens: 0,
      cachedInputTokens: 600_000,
      cacheWriteTokens: 200_000,
    };
    // 200k uncached × $3 + 600k reads × $0.30 + 200k writes × $3.75
    expect(costOf(reference('anthropic', 'claude-sonnet-4-5'), cached, plain)).toBeCloseTo(
      0.6 + 0.18 + 0.75,
      10,
    );
  });
});
