/**
 * Model prices in USD per million tokens (input, output, cache read, cache write), versioned so a
 * ledger row can be traced to the table that priced it. Config `models.prices."<provider:model>"`
 * overrides an entry or prices a model the table does not know. An unknown model has no silent $0:
 * `priceOf` returns undefined and the gateway refuses the call whenever a budget applies.
 */
import type { OuroConfig } from '../config/index.js';
import type { ModelReference, ModelUsage } from './types.js';

export const priceTableVersion = '2026-11-01';

export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

function price(input: number, output: number, cacheRead: number, cacheWrite: number): ModelPrice {
  return { input, output, cacheRead, cacheWrite };
}

/**
 * Written from the publicly listed prices as best known on 2026-11-01 (standard tier, prompts under the
 * long-context threshold, 5-minute cache writes for Anthropic). Providers change prices: verify against
 * their pricing pages and override in config where it matters. OpenAI and Google do not charge cache
 * writes separately, so their cache-write price equals the input price.
 */
const builtInPrices: Record<string, ModelPrice> = {
  'anthropic:claude-opus-4-5': price(5, 25, 0.5, 6.25),
  'anthropic:claude-opus-4-1': price(15, 75, 1.5, 18.75),
  'anthropic:claude-opus-4-0': price(15, 75, 1.5, 18.75),
  'anthropic:claude-opus-4': price(15, 75, 1.5, 18.75),
  'anthropic:claude-sonnet-4-5': price(3, 15, 0.3, 3.75),
  'anthropic:claude-sonnet-4-0': price(3, 15, 0.3, 3.75),
  'anthropic:claude-sonnet-4': price(3, 15, 0.3, 3.75),
  'anthropic:claude-3-7-sonnet': price(3, 15, 0.3, 3.75),
  'anthropic:claude-haiku-4-5': price(1, 5, 0.1, 1.25),
  'anthropic:claude-3-5-haiku': price(0.8, 4, 0.08, 1),
  'openai:gpt-5.1': price(1.25, 10, 0.125, 1.25),
  'openai:gpt-5.1-codex': price(1.25, 10, 0.125, 1.25),
  'openai:gpt-5': price(1.25, 10, 0.125, 1.25),
  'openai:gpt-5-codex': price(1.25, 10, 0.125, 1.25),
  'openai:gpt-5-mini': price(0.25, 2, 0.025, 0.25),
  'openai:gpt-5-nano': price(0.05, 0.4, 0.005, 0.05),
  'openai:gpt-4.1': price(2, 8, 0.5, 2),
  'openai:gpt-4.1-mini': price(0.4, 1.6, 0.1, 0.4),
  'openai:gpt-4.1-nano': price(0.1, 0.4, 0.025, 0.1),
  'openai:gpt-4o': price(2.5, 10, 1.25, 2.5),
  'openai:gpt-4o-mini': price(0.15, 0.6, 0.075, 0.15),
  'openai:o3': price(2, 8, 0.5, 2),
  'openai:o4-mini': price(1.1, 4.4, 0.275, 1.1),
  'google:gemini-2.5-pro': price(1.25, 10, 0.125, 1.25),
  'google:gemini-2.5-flash': price(0.3, 2.5, 0.03, 0.3),
  'google:gemini-2.5-flash-lite': price(0.1, 0.4, 0.01, 0.1),
};

/** Models served on the user's own machine cost nothing per token. */
const freeProviders = new Set(['ollama']);

/** Dated snapshots (`claude-sonnet-4-5-20250929`, `gpt-4.1-2025-04-14`) are priced like their family. */
const snapshotSuffix = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

export function priceOf(
  reference: ModelReference,
  config: Pick<OuroConfig, 'models'>,
): ModelPrice | undefined {
  const key = `${reference.provider}:${reference.model}`;
  const candidates = [reference.text, key, key.replace(snapshotSuffix, ''), key.replace(/-latest$/, '')];
  for (const candidate of candidates) {
    const configured = config.models.prices[candidate];
    if (configured !== undefined) {
      return {
        input: configured.input,
        output: configured.output,
        cacheRead: configured.cache_read ?? configured.input,
        cacheWrite: configured.cache_write ?? configured.input,
      };
    }
  }
  for (const candidate of candidates) {
    const known = builtInPrices[candidate];
    if (known !== undefined) return known;
  }
  if (freeProviders.has(reference.provider)) return price(0, 0, 0, 0);
  return undefined;
}

/**
 * Cost in USD. `usage.inputTokens` is the provider's total input, cache reads and writes included
 * (as the AI SDK reports it), so the uncached part is what remains after them.
 */
export function costOfUsage(modelPrice: ModelPrice, usage: ModelUsage): number {
  const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const microDollars =
    uncached * modelPrice.input +
    usage.cachedInputTokens * modelPrice.cacheRead +
    usage.cacheWriteTokens * modelPrice.cacheWrite +
    usage.outputTokens * modelPrice.output;
  return microDollars / 1_000_000;
}

/** Cost of a call in USD, or undefined when no price is known for the model. */
export function costOf(
  reference: ModelReference,
  usage: ModelUsage,
  config: Pick<OuroConfig, 'models'>,
): number | undefined {
  const modelPrice = priceOf(reference, config);
  return modelPrice === undefined ? undefined : costOfUsage(modelPrice, usage);
}
