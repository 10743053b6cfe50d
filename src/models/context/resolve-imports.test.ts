import { describe, expect, it } from 'vitest';
import { ImportResolver } from './resolve-imports.js';

const resolver = new ImportResolver([
  'src/a.ts',
  'src/b.tsx',
  'src/lib/index.ts',
  'src/plain.js',
  'src/types.d.ts',
  'pkg/__init__.py',
  'pkg/core.py',
  'pkg/sub/__init__.py',
  'pkg/sub/tools.py',
  'src/app/models.py',
  'tests/fixtures/pkg/core.py',
]);

describe('ImportResolver', () => {
  it('resolves relative TypeScript and JavaScript specifiers with extension probing', () => {
    expect(resolver.resolve('src/x.ts', './a.js')).toBe('src/a.ts');
    expect(resolver.resolve('src/x.ts', './a')).toBe('src/a.ts');
    expect(resolver.resolve('src/x.ts', './b.jsx')).toBe('src/b.tsx');
    expect(resolver.resolve('src/x.ts', './lib')).toBe('src/lib/index.ts');
    expect(resolver.resolve('src/deep/x.js', '../plain.js')).toBe('src/plain.js');
    expect(resolver.resolve('src/x.ts', './types')).toBe('src/types.d.ts');
    expect(resolver.resolve('src/x.ts', './missing.js')).toBeUndefined();
    expect(resolver.resolve('src/x.ts', 'react')).toBeUndefined();
  });

  it('resolves Python relative and absolute imports, preferring the shortest module path', () => {
    expect(resolver.resolve('pkg/sub/tools.py', '..core')).toBe('pkg/core.py');
    expect(resolver.resolve('pkg/sub/tools.py', '.')).toBe('pkg/sub/__init__.py');
    expect(resolver.resolve('pkg/core.py', '.sub.tools')).toBe('pkg/sub/tools.py');
    expect(resolver.resolve('main.py', 'pkg.core')).toBe('pkg/core.py');
    expect(resolver.resolve('main.py', 'pkg.sub')).toBe('pkg/sub/__init__.py');
    expect(resolver.resolve('src/main.py', 'app.models')).toBe('src/app/models.py');
    expect(resolver.resolve('main.py', 'os')).toBeUndefined();
  });
});
