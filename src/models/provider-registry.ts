/**
 * Builds AI SDK language models for model references. Keys and endpoints come from the injected
 * environment (ANTHROPIC_API_KEY/ANTHROPIC_BASE_URL, OPENAI_API_KEY/OPENAI_BASE_URL, GEMINI_API_KEY)
 * and from `models.providers.<name>.{base_url, api_key_env}`; the environment wins over the config file
 * as everywhere else in Ouro. Every provider gets the injected `fetch`, which is how cassettes and
 * tests see the wire.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { OuroConfig } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import { isBuiltInProvider } from './model-reference.js';
import type { ModelReference } from './types.js';

/** Where a provider is reached and which variable holds its key. */
export interface ProviderEndpoint {
  provider: string;
  baseUrl: string;
  /** The variable the key is read from; undefined when the provider needs no key (Ollama, local servers). */
  keyVariable: string | undefined;
  /** Whether a call cannot work without the key. */
  keyRequired: boolean;
}

export interface ProviderRegistry {
  endpoint(reference: ModelReference): ProviderEndpoint;
  /** OURO_MODEL_KEY_MISSING when the provider needs a key and its variable is unset; else undefined. */
  keyProblem(reference: ModelReference): OuroError | undefined;
  languageModel(reference: ModelReference): LanguageModel;
}

export interface ProviderRegistryDependencies {
  config: Pick<OuroConfig, 'models'>;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

const defaultBaseUrls: Record<string, string> = {
  anthropic: 'https://api.anthropic.com/v1',
  openai: 'https://api.openai.com/v1',
  // Google's OpenAI-compatible endpoint: Gemini without another SDK package.
  google: 'https://generativelanguage.googleapis.com/v1beta/openai',
  ollama: 'http://127.0.0.1:11434/v1',
};

const defaultKeyVariables: Record<string, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  openai: 'OPENAI_API_KEY',
  google: 'GEMINI_API_KEY',
};

const baseUrlVariables: Record<string, string> = {
  anthropic: 'ANTHROPIC_BASE_URL',
  openai: 'OPENAI_BASE_URL',
};

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * ANTHROPIC_BASE_URL follows Anthropic's own SDKs and Claude Code (no `/v1`), while the AI SDK wants
 * the versioned base; accept both spellings.
 */
function anthropicBase(url: string): string {
  const withoutSlash = url.replace(/\/+$/, '');
  return withoutSlash.endsWith('/v1') ? withoutSlash : `${withoutSlash}/v1`;
}

export function createProviderRegistry(dependencies: ProviderRegistryDependencies): ProviderRegistry {
  const { config, env } = dependencies;
  const models = new Map<string, (modelId: string) => LanguageModel>();

  function endpoint(reference: ModelReference): ProviderEndpoint {
    const { provider } = reference;
    const settings = config.models.providers[provider];
    const variable = baseUrlVariables[provider];
    const fromEnvironment = variable === undefined ? undefined : nonEmpty(env[variable]);
    let baseUrl = fromEnvironment ?? settings?.base_url ?? defaultBaseUrls[provider];
    if (baseUrl === undefined) {
      throw new OuroError('OURO_MODEL_REFERENCE_INVALID', {
        reference: reference.text,
        reason: `\`models.providers.${provider}.base_url\` is not configured`,
      });
    }
    if (provider === 'anthropic') baseUrl = anthropicBase(baseUrl);
    const keyVariable = settings?.api_key_env ?? defaultKeyVariables[provider];
    // Built-in cloud providers always need a key; local and compatible servers only when one is named.
    const keyRequired =
      (isBuiltInProvider(provider) && provider !== 'ollama') || settings?.api_key_env !== undefined;
    return { provider, baseUrl, keyVariable, keyRequired };
  }

  function apiKey(target: ProviderEndpoint): string | undefined {
    if (target.keyVariable === undefined) return undefined;
    const key = nonEmpty(env[target.keyVariable]);
    // Google documents GEMINI_API_KEY, the AI SDK GOOGLE_GENERATIVE_AI_API_KEY: accept both.
    if (key === undefined && target.provider === 'google' && target.keyVariable === 'GEMINI_API_KEY') {
      return nonEmpty(env.GOOGLE_GENERATIVE_AI_API_KEY);
    }
    return key;
  }

  function keyProblem(reference: ModelReference): OuroError | undefined {
    const target = endpoint(reference);
    if (!target.keyRequired || apiKey(target) !== undefined) return undefined;
    return new OuroError('OURO_MODEL_KEY_MISSING', {
      provider: target.provider,
      variable: target.keyVariable ?? `${target.provider.toUpperCase()}_API_KEY`,
    });
  }

  function build(reference: ModelReference): (modelId: string) => LanguageModel {
    const target = endpoint(reference);
    const key = apiKey(target);
    const common = { baseURL: target.baseUrl, ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}) };
    switch (target.provider) {
      case 'anthropic': {
        // The key is passed even when empty so the SDK never falls back to process.env.
        const anthropic = createAnthropic({ ...common, apiKey: key ?? '' });
        return (modelId) => anthropic(modelId);
      }
      case 'openai': {
        const openai = createOpenAI({ ...common, apiKey: key ?? '' });
        return (modelId) => openai(modelId);
      }
      default: {
        const compatible = createOpenAICompatible({
          ...common,
          name: target.provider,
          ...(key === undefined ? {} : { apiKey: key }),
          includeUsage: true,
          // vLLM, llama.cpp server, LM Studio, Ollama and Gemini accept `response_format: json_schema`.
          supportsStructuredOutputs: true,
        });
        return (modelId) => compatible.chatModel(modelId);
      }
    }
  }

  function languageModel(reference: ModelReference): LanguageModel {
    const problem = keyProblem(reference);
    if (problem !== undefined) throw problem;
    let factory = models.get(reference.provider);
    if (factory === undefined) {
      factory = build(reference);
      models.set(reference.provider, factory);
    }
    return factory(reference.model);
  }

  return { endpoint, keyProblem, languageModel };
}
