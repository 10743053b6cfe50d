import { describe, expect, it } from 'vitest';
import { ouroConfigSchema } from '../../config/schema/ouro-config.js';
import { agentCostEstimator, agentModelOf } from './agent-cost-estimate.js';

const session = {
  sessionId: 's',
  turns: 3,
  inputTokens: 1_000_000,
  outputTokens: 100_000,
  cachedInputTokens: 0,
  costUsd: undefined,
  finalMessage: undefined,
  isError: false,
  errorMessage: undefined,
};

describe('agentCostEstimator', () => {
  it('prices an agent session with the price table of its provider, and config overrides', () => {
    const config = ouroConfigSchema.parse({
      models: { prices: { 'openai:house-model': { input: 2, output: 10 } } },
    });
    const estimate = agentCostEstimator(config);
    expect(estimate('codex', { ...session, model: 'house-model' })).toBeCloseTo(2 + 1, 6);
    expect(estimate('codex', { ...session, model: 'no-such-model' })).toBeUndefined();
    expect(estimate('aider', { ...session, model: 'house-model' })).toBeUndefined();
    expect(estimate('codex', { ...session, model: undefined })).toBeUndefined();
  });
});

describe('agentModelOf', () => {
  it('names the provider and model an agent spent on, for the ledger', () => {
    expect(agentModelOf('claude_code', 'claude-sonnet-4-5')).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
    expect(agentModelOf('codex', 'gpt-5.1')).toEqual({ provider: 'openai', model: 'gpt-5.1' });
    expect(agentModelOf('opencode', 'anthropic/claude-haiku-4-5')).toEqual({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(agentModelOf('aider', 'house-model')).toEqual({ provider: 'aider', model: 'house-model' });
    expect(agentModelOf('gemini', undefined)).toEqual({ provider: 'google', model: 'unknown' });
    expect(agentModelOf('aider', undefined)).toEqual({ provider: 'aider', model: 'unknown' });
  });
});
