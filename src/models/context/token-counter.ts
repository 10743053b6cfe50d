/**
 * The one token counter of the process: the o200k_base encoding (GPT-4o/GPT-5 family; within a few
 * per cent of Claude's tokenizer on code, close enough for packing and for budget estimates). Its rank
 * table takes seconds of CPU to build, so it is built at most once, on first use, and shared by the
 * context builder and the gateway's prompt estimate (models/token-estimate.ts). If it cannot be loaded
 * the count falls back to characters / 4.
 */
export interface TokenCounter {
  name: 'o200k_base' | 'chars/4';
  count(text: string): number;
}

export const approximateCounter: TokenCounter = {
  name: 'chars/4',
  count: (text) => Math.ceil(text.length / 4),
};

let loading: Promise<TokenCounter> | undefined;

async function loadTiktoken(): Promise<TokenCounter> {
  try {
    const [{ Tiktoken }, ranks] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/o200k_base'),
    ]);
    const encoding = new Tiktoken(ranks.default);
    return {
      name: 'o200k_base',
      // Special-token text (`<|endoftext|>`) in a source file or prompt is counted as plain text, not refused.
      count: (text) => encoding.encode(text, [], []).length,
    };
  } catch {
    return approximateCounter;
  }
}

/** The shared counter; the first call starts loading it and every caller awaits the same promise. */
export function tokenCounter(): Promise<TokenCounter> {
  loading ??= loadTiktoken();
  return loading;
}
