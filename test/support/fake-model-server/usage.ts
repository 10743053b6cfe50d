/**
 * Token counts for a reply: what the script says, else the server's `defaultUsage`, else an
 * estimate from the request and reply sizes (about four characters a token), so a test that does not
 * care still sees plausible, non-zero numbers.
 */
import type { ScriptedUsage } from './scripted-reply.js';

const charactersPerToken = 4;

export function estimateTokens(value: unknown): number {
  const characters = typeof value === 'string' ? value.length : (JSON.stringify(value) ?? '').length;
  return Math.max(1, Math.ceil(characters / charactersPerToken));
}

export function resolveUsage(input: {
  requestBody: unknown;
  replyText: string;
  replyToolInputs: unknown[];
  defaults: Partial<ScriptedUsage> | undefined;
  scripted: Partial<ScriptedUsage> | undefined;
}): ScriptedUsage {
  const estimate: ScriptedUsage = {
    inputTokens: estimateTokens(input.requestBody),
    outputTokens: estimateTokens(
      input.replyText + input.replyToolInputs.map((value) => JSON.stringify(value)).join(''),
    ),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
  };
  return { ...estimate, ...definedOnly(input.defaults), ...definedOnly(input.scripted) };
}

function definedOnly(usage: Partial<ScriptedUsage> | undefined): Partial<ScriptedUsage> {
  if (usage === undefined) return {};
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined));
}
