import { describe, expect, it } from 'vitest';
import type { SourceSymbol } from './context-types.js';
import { packContext } from './pack-context.js';
import type { RankedFile } from './rank-files.js';
import { approximateCounter } from './token-counter.js';

const ranked: RankedFile[] = [
  { path: 'a.ts', score: 10, reason: ['mentioned in the task'], relevant: true },
  { path: 'big.ts', score: 5, reason: ['imports a.ts'], relevant: true },
  { path: 'c.ts', score: 1, reason: [], relevant: false },
  { path: 'd.ts', score: 0.5, reason: [], relevant: false },
];
const contents: Record<string, string> = {
  'a.ts': 'export function a(): number {\n  return 1;\n}\n',
  'big.ts': `export const big = "${'y'.repeat(4000)}";\n`,
  'c.ts': 'export const c = 1;\n',
  'd.ts': 'export const d = 1;\n',
};
const symbol = (name: string): SourceSymbol[] => [
  { name, kind: 'function', line: 1, signature: `export function ${name}()`, depth: 0 },
];

const pack = (tokenBudget: number, maxFullFiles = 3) =>
  packContext({
    ranked,
    symbolsOf: (file) => symbol(file.replace('.ts', '')),
    readContent: (file) => Promise.resolve(contents[file]),
    tokenBudget,
    maxFullFiles,
    counter: approximateCounter,
  });

describe('packContext', () => {
  it('includes relevant files in full while they fit 60 % of the budget, then maps the rest', async () => {
    const packed = await pack(300);
    const inclusion = Object.fromEntries(packed.files.map((file) => [file.path, file.included]));
    // big.ts (≈1000 tokens) does not fit in full, so it gets a (small) map entry instead.
    expect(inclusion).toEqual({ 'a.ts': 'full', 'big.ts': 'map', 'c.ts': 'map', 'd.ts': 'map' });
    expect(packed.text.indexOf('## Files in full')).toBeLessThan(packed.text.indexOf('## Repository map'));
    expect(packed.text).toContain('a.ts\n```ts\nexport function a(): number {');
    expect(packed.tokens).toBe(approximateCounter.count(packed.text));
    expect(packed.tokens).toBeLessThanOrEqual(300);
  });

  it('skips an entry that does not fit and keeps filling with later, smaller ones', async () => {
    const tight = await pack(40, 0);
    expect(tight.tokens).toBeLessThanOrEqual(40);
    const included = tight.files.filter((file) => file.included !== 'omitted').map((file) => file.path);
    expect(included.length).toBeGreaterThan(0);
    expect(included.length).toBeLessThan(4);
    for (const file of tight.files) {
      if (file.included === 'omitted') expect(file.tokens).toBe(0);
    }
  });

  it('returns empty text when nothing fits', async () => {
    const packed = await pack(1);
    expect(packed.text).toBe('');
    expect(packed.tokens).toBe(0);
    expect(packed.files.every((file) => file.included === 'omitted')).toBe(true);
  });
});
