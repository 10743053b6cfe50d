/**
 * Which tree-sitter grammar reads which file, by extension. Grammars come from the `tree-sitter-wasms`
 * package (prebuilt wasm files), so no native build is needed. Files of other languages are still
 * listed and ranked by path; they just have no symbols.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export type SourceLanguage = 'typescript' | 'tsx' | 'javascript' | 'python';

const byExtension: Record<string, SourceLanguage> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  // The JavaScript grammar includes JSX.
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.pyi': 'python',
};

export function languageOf(file: string): SourceLanguage | undefined {
  if (file.endsWith('.d.ts')) return 'typescript';
  return byExtension[path.extname(file).toLowerCase()];
}

const require = createRequire(import.meta.url);

export function grammarPath(language: SourceLanguage): string {
  return require.resolve(`tree-sitter-wasms/out/tree-sitter-${language}.wasm`);
}
