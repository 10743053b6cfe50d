/**
 * Model references: `provider:model` for the built-in providers (anthropic, openai, google, ollama),
 * `compatible:<name>/<model>` for an OpenAI-compatible server configured under
 * `models.providers.<name>`, or an alias from `models.aliases`. The default comes from OURO_MODEL, then
 * `models.default`. The reference's `provider` is the name its settings live under in
 * `models.providers` (`anthropic`, `ollama`, `openrouter`…), which is also the rate-limit bucket.
 */
import type { OuroConfig } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import type { ModelReference } from './types.js';

export const builtInProviders = ['anthropic', 'openai', 'google', 'ollama'] as const;
export type BuiltInProvider = (typeof builtInProviders)[number];

export function isBuiltInProvider(name: string): name is BuiltInProvider {
  return (builtInProviders as readonly string[]).includes(name);
}

/** Aliases may point at aliases; this bounds the chain so a cycle is reported, not looped. */
const maximumAliasDepth = 8;

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function invalid(reference: string, reason: string): OuroError {
  return new OuroError('OURO_MODEL_REFERENCE_INVALID', { reference, reason });
}

/** Parses a `provider:model` text (no alias resolution). */
export function parseModelReference(text: string, config: Pick<OuroConfig, 'models'>): ModelReference {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw invalid(text, 'expected `provider:model`');
  }
  const prefix = trimmed.slice(0, colon);
  const rest = trimmed.slice(colon + 1);
  if (prefix === 'compatible') {
    const slash = rest.indexOf('/');
    if (slash <= 0 || slash === rest.length - 1) {
      throw invalid(text, 'expected `compatible:<name>/<model>`');
    }
    const name = rest.slice(0, slash);
    const model = rest.slice(slash + 1);
    if (!namePattern.test(name)) throw invalid(text, `"${name}" is not a provider name`);
    if (isBuiltInProvider(name)) {
      throw invalid(text, `"${name}" is a built-in provider; write \`${name}:${model}\``);
    }
    if (config.models.providers[name]?.base_url === undefined) {
      throw invalid(text, `\`models.providers.${name}.base_url\` is not configured`);
    }
    return { provider: name, model, text: trimmed };
  }
  if (!namePattern.test(prefix)) throw invalid(text, `"${prefix}" is not a provider name`);
  if (isBuiltInProvider(prefix)) return { provider: prefix, model: rest, text: trimmed };
  // A provider configured with a base URL may be named directly (`openrouter:meta/llama-3`).
  if (config.models.providers[prefix]?.base_url !== undefined) {
    return { provider: prefix, model: rest, text: trimmed };
  }
  throw invalid(
    text,
    `unknown provider "${prefix}" (known: ${builtInProviders.join(', ')}, or compatible:<name>/<model> with models.providers.<name>.base_url)`,
  );
}

/**
 * Resolves what a step asked for (a reference, an alias, or nothing) to a reference. Nothing →
 * OURO_MODEL from the environment, then `models.default`.
 */
export function resolveModelReference(
  requested: string | undefined,
  config: Pick<OuroConfig, 'models'>,
  env: NodeJS.ProcessEnv,
): ModelReference {
  let text = requested?.trim();
  if (text === undefined || text === '') text = env.OURO_MODEL?.trim();
  if (text === undefined || text === '') text = config.models.default.trim();
  if (text === '') throw new OuroError('OURO_MODEL_NOT_CONFIGURED');
  const seen: string[] = [];
  while (Object.hasOwn(config.models.aliases, text)) {
    seen.push(text);
    if (seen.length > maximumAliasDepth) {
      throw invalid(seen[0] ?? text, `alias chain too long or circular: ${seen.join(' → ')}`);
    }
    text = (config.models.aliases[text] ?? '').trim();
  }
  return parseModelReference(text, config);
}
