import { describe, expect, it } from 'vitest';
import { ouroConfigSchema } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import { parseModelReference, resolveModelReference } from './model-reference.js';

const config = ouroConfigSchema.parse({
  models: {
    default: 'smart',
    aliases: {
      smart: 'anthropic:claude-sonnet-4-5',
      fast: 'quick',
      quick: 'openai:gpt-5-mini',
      loop: 'loop',
    },
    providers: {
      openrouter: { base_url: 'https://openrouter.ai/api/v1', api_key_env: 'OPENROUTER_API_KEY' },
    },
  },
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof OuroError ? error.code : `not an OuroError: ${String(error)}`;
  }
  return undefined;
}

describe('parseModelReference', () => {
  it('parses built-in providers', () => {
    expect(parseModelReference('anthropic:claude-sonnet-4-5', config)).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      text: 'anthropic:claude-sonnet-4-5',
    });
    expect(parseModelReference('ollama:qwen2.5-coder:7b', config)).toMatchObject({
      provider: 'ollama',
      model: 'qwen2.5-coder:7b',
    });
  });

  it('parses compatible:<name>/<model> and a configured provider named directly', () => {
    expect(parseModelReference('compatible:openrouter/meta-llama/llama-3.3-70b', config)).toMatchObject({
      provider: 'openrouter',
      model: 'meta-llama/llama-3.3-70b',
    });
    expect(parseModelReference('openrouter:qwen/qwen3-coder', config)).toMatchObject({
      provider: 'openrouter',
      model: 'qwen/qwen3-coder',
    });
  });

  it('rejects malformed references and unknown providers', () => {
    for (const text of [
      'claude',
      ':model',
      'anthropic:',
      'mystery:model',
      'compatible:nowhere/x',
      'compatible:openrouter',
    ]) {
      expect(
        codeOf(() => parseModelReference(text, config)),
        text,
      ).toBe('OURO_MODEL_REFERENCE_INVALID');
    }
    expect(codeOf(() => parseModelReference('compatible:anthropic/claude', config))).toBe(
      'OURO_MODEL_REFERENCE_INVALID',
    );
  });
});

describe('resolveModelReference', () => {
  it('resolves aliases, chains included', () => {
    expect(resolveModelReference('fast', config, {}).text).toBe('openai:gpt-5-mini');
  });

  it('takes OURO_MODEL before models.default when nothing is asked for', () => {
    expect(resolveModelReference(undefined, config, { OURO_MODEL: 'ollama:llama3' }).text).toBe(
      'ollama:llama3',
    );
    expect(resolveModelReference(undefined, config, {}).text).toBe('anthropic:claude-sonnet-4-5');
    expect(resolveModelReference('', config, { OURO_MODEL: ' ' }).text).toBe('anthropic:claude-sonnet-4-5');
  });

  it('reports a circular alias', () => {
    expect(codeOf(() => resolveModelReference('loop', config, {}))).toBe('OURO_MODEL_REFERENCE_INVALID');
  });

  it('raises OURO_MODEL_NOT_CONFIGURED with the variable to set when nothing names a model', () => {
    const empty = { models: { ...config.models, default: ' ' } };
    try {
      resolveModelReference(undefined, empty, {});
      expect.fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(OuroError);
      expect((error as OuroError).code).toBe('OURO_MODEL_NOT_CONFIGURED');
      expect((error as OuroError).remedy).toContain('OURO_MODEL');
    }
  });
});
