import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ErrorDefinition } from './error-definition.js';
import { errorRegistry } from './registry.js';
import { renderErrorTable } from './render-error-table.js';

describe('docs/errors.md', () => {
  it('matches the registry (run `npm run generate` after changing an error code)', () => {
    const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const expected = renderErrorTable(errorRegistry);
    expect(
      committed === expected,
      'docs/errors.md is out of date with src/errors/registry.ts: run `npm run generate` and commit the result',
    ).toBe(true);
  });
});

describe('renderErrorTable', () => {
  const definition = (code: `OURO_${string}`, message: string): ErrorDefinition => ({
    code,
    message,
    remedy: 'Do {thing}.',
    retryable: true,
    exitCode: 1,
    httpStatus: 503,
  });

  it('sorts rows by code and escapes table syntax in cells', () => {
    const text = renderErrorTable({
      OURO_B: definition('OURO_B', 'pipe | and\nnewline'),
      OURO_A: definition('OURO_A', 'plain {name}'),
    });
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toEqual([
      '| `OURO_A` | plain {name} | Do {thing}. | yes | 1 | 503 |',
      '| `OURO_B` | pipe \\| and newline | Do {thing}. | yes | 1 | 503 |',
    ]);
    expect(text).toContain('2 codes.');
  });
});
