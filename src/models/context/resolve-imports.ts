/**
 * Resolves import specifiers to project files, giving the import graph its edges. TypeScript and
 * JavaScript: relative specifiers with extension probing (`./x.js` may be `./x.ts`, `./dir` may be
 * `./dir/index.ts`); bare package names are external and left out. Python: relative imports from the
 * importer's package, absolute dotted names by module-path suffix (so `src/` layouts resolve too).
 */
import path from 'node:path';
import { languageOf } from './source-language.js';

const scriptExtensions = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const compiledToSource: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export class ImportResolver {
  private readonly files: Set<string>;
  /** Dotted module name suffixes → Python files (`a.b` → `src/a/b.py`, `src/a/b/__init__.py`). */
  private readonly pythonModules = new Map<string, string[]>();

  constructor(files: Iterable<string>) {
    this.files = new Set(files);
    for (const file of this.files) {
      if (languageOf(file) !== 'python') continue;
      const parts = file
        .replace(/\.pyi?$/, '')
        .split('/')
        .filter((part) => part !== '__init__');
      for (let start = 0; start < parts.length; start += 1) {
        const name = parts.slice(start).join('.');
        const known = this.pythonModules.get(name);
        if (known === undefined) this.pythonModules.set(name, [file]);
        else known.push(file);
      }
    }
  }

  resolve(importer: string, specifier: string): string | undefined {
    return languageOf(importer) === 'python'
      ? this.resolvePython(importer, specifier)
      : this.resolveScript(importer, specifier);
  }

  private resolveScript(importer: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
    const target = path.posix.normalize(
      specifier.startsWith('/')
        ? specifier.slice(1)
        : path.posix.join(path.posix.dirname(importer), specifier),
    );
    if (this.files.has(target)) return target;
    const extension = path.posix.extname(target);
    for (const replacement of compiledToSource[extension] ?? []) {
      const candidate = target.slice(0, -extension.length) + replacement;
      if (this.files.has(candidate)) return candidate;
    }
    for (const suffix of scriptExtensions) {
      if (this.files.has(target + suffix)) return target + suffix;
    }
    for (const suffix of scriptExtensions) {
      const index = `${target}/index${suffix}`;
      if (this.files.has(index)) return index;
    }
    return undefined;
  }

  private resolvePython(importer: string, specifier: string): string | undefined {
    const dots = /^\.*/.exec(specifier)![0].length;
    const rest = specifier.slice(dots);
    if (dots > 0) {
      let base = path.posix.dirname(importer);
      for (let level = 1; level < dots; level += 1) base = path.posix.dirname(base);
      const stem = [base === '.' ? '' : base, ...rest.split('.').filter((part) => part !== '')]
        .filter((part) => part !== '')
        .join('/');
      for (const candidate of [`${stem}.py`, `${stem}/__init__.py`, `${stem}.pyi`]) {
        if (this.files.has(candidate.replace(/^\//, ''))) return candidate.replace(/^\//, '');
      }
      return undefined;
    }
    const matches = this.pythonModules.get(rest);
    if (matches === undefined) return undefined;
    // The shortest path is the most likely root (`pkg/mod.py` over `tests/fixtures/pkg/mod.py`).
    return [...matches].sort((left, right) => left.length - right.length || (left < right ? -1 : 1))[0];
  }
}
