import { describe, expect, it } from 'vitest';
import { parseSource } from './parse-source.js';

const typescript = `import { a } from './a.js';
export * from './b';
const lazy = () => import('./c.js');
const legacy = require('./d');

/** Adds. */
export async function add<T>(left: number,
    right: number): Promise<number> {
  return left + right;
}
export default class Store<T> extends Base implements Closeable {
  private field = 1;
  constructor(private readonly path: string) { super(); }
  async get(key: string): Promise<T | undefined> { return undefined; }
}
export const LIMIT: number = 10, other = 2;
export const handler = async (event: Event): Promise<void> => {};
let internal = 3;
export interface Options extends Base { size: number }
export type Mode = 'a' | 'b';
export enum Color { Red, Green }
declare function declared(): void;
`;

describe('parseSource', () => {
  it('extracts TypeScript declarations with lines and one-line signatures, and every import form', async () => {
    const { parsed } = await parseSource('typescript', typescript);
    expect(parsed.parseError).toBeUndefined();
    const summary = parsed.symbols.map((symbol) => [symbol.kind, symbol.name, symbol.line, symbol.depth]);
    expect(summary).toEqual([
      ['function', 'lazy', 3, 0],
      ['function', 'add', 7, 0],
      ['class', 'Store', 11, 0],
      ['method', 'constructor', 13, 1],
      ['method', 'get', 14, 1],
      ['constant', 'LIMIT', 16, 0],
      ['constant', 'other', 16, 0],
      ['function', 'handler', 17, 0],
      ['interface', 'Options', 19, 0],
      ['type', 'Mode', 20, 0],
      ['enum', 'Color', 21, 0],
      ['function', 'declared', 22, 0],
    ]);
    const signature = (name: string): string | undefined =>
      parsed.symbols.find((symbol) => symbol.name === name)?.signature;
    expect(signature('add')).toBe(
      'export async function add<T>(left: number, right: number): Promise<number>',
    );
    expect(signature('Store')).toBe('export default class Store<T> extends Base implements Closeable');
    expect(signature('get')).toBe('async get(key: string): Promise<T | undefined>');
    expect(signature('LIMIT')).toBe('export const LIMIT: number');
    expect(signature('handler')).toBe('export const handler = async (event: Event): Promise<void> =>');
    expect(signature('declared')).toBe('declare function declared(): void');
    expect(parsed.imports).toEqual(['./a.js', './b', './c.js', './d']);
  });

  it('reads TSX and JavaScript with their own grammars', async () => {
    const tsx = await parseSource(
      'tsx',
      'import React from "react";\nexport function Button(props: { label: string }) {\n  return <button>{props.label}</button>;\n}\n',
    );
    expect(tsx.parsed.symbols.map((symbol) => symbol.signature)).toEqual([
      'export function Button(props: { label: string })',
    ]);
    expect(tsx.parsed.imports).toEqual(['react']);
    const javascript = await parseSource(
      'javascript',
      "const fs = require('node:fs');\nclass Cache {\n  read(key) { return key; }\n}\nmodule.exports = { Cache };\n",
    );
    expect(javascript.parsed.symbols.map((symbol) => `${symbol.kind} ${symbol.name}`)).toEqual([
      'class Cache',
      'method read',
    ]);
    expect(javascript.parsed.imports).toEqual(['node:fs']);
  });

  it('extracts Python functions, classes, methods (decorated too), constants and imports', async () => {
    const { parsed } = await parseSource(
      'python',
      [
        'import os, sys as system',
        'from ..pkg.mod import thing, other as alias',
        'from . import sibling',
        'MAX_SIZE: int = 10',
        'lower = 3',
        '@decorator',
        'def run(x: int,',
        '        y) -> int:',
        '    return x',
        'class Engine(Base):',
        '    def start(self): pass',
        '    @property',
        "    def name(self) -> str: return ''",
        '',
      ].join('\n'),
    );
    expect(parsed.symbols.map((symbol) => [symbol.kind, symbol.signature, symbol.line])).toEqual([
      ['constant', 'MAX_SIZE: int', 4],
      ['function', 'def run(x: int, y) -> int', 7],
      ['class', 'class Engine(Base)', 10],
      ['method', 'def start(self)', 11],
      ['method', 'def name(self) -> str', 13],
    ]);
    expect(parsed.imports).toEqual([
      'os',
      'sys',
      '..pkg.mod',
      '..pkg.mod.thing',
      '..pkg.mod.other',
      '.',
      '.sibling',
    ]);
  });

  it('keeps what it can from a file with syntax errors and says so', async () => {
    const { parsed } = await parseSource(
      'typescript',
      'export function broken( {\n\nexport class Kept { run() {} }\n',
    );
    expect(parsed.parseError).toMatch(/syntax errors/);
    expect(parsed.symbols.map((symbol) => symbol.name)).toContain('Kept');
  });

  it('parses a given content once per process: the second call is a cache hit', async () => {
    const content = `export const unique${Date.now()} = 1;\n`;
    expect((await parseSource('typescript', content)).fresh).toBe(true);
    const again = await parseSource('typescript', content);
    expect(again.fresh).toBe(false);
    expect(again.parsed.symbols).toHaveLength(1);
  });
});
