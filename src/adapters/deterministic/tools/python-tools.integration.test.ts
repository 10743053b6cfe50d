/**
 * mypy, isort and black for real, on a small Python project. They come from Debian's packages (the
 * CI script installs them); on a machine without them the suite is skipped, except under CI, where a
 * missing tool fails it so that these paths can never pass unexercised.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../../../test/support/step-context.js';
import { resolveExecutable } from '../../process/resolve-executable.js';
import { codeFixersAdapter } from './code-fixers.js';
import { mypyAdapter } from './mypy.js';

const environment = { PATH: process.env.PATH, HOME: process.env.HOME };
const project = mkdtempSync(path.join(os.tmpdir(), 'ouro-python-tools-'));
const source = ['import sys', 'import os', '', '', 'def size( name:str)->int :', '    return  name', ''].join(
  '\n',
);
writeFileSync(path.join(project, 'app.py'), source);
writeFileSync(
  path.join(project, 'pyproject.toml'),
  '[tool.black]\nline-length = 100\n\n[tool.isort]\nprofile = "black"\n\n[tool.mypy]\nstrict = false\n',
);
afterAll(() => rmSync(project, { recursive: true, force: true }));

const tools = ['mypy', 'isort', 'black'];
const missing = tools.filter((tool) => resolveExecutable(tool, project, environment) === undefined);
if (process.env.CI && missing.length > 0) {
  throw new Error(`CI must provide ${missing.join(', ')} (apt-get install ${missing.join(' ')})`);
}

describe.skipIf(missing.length > 0)('Python tools for real', () => {
  it('mypy reports the type error as a type diagnostic', async () => {
    const context = createTestStepContext({ workDir: project, env: environment });
    try {
      const result = await mypyAdapter.execute(mypyAdapter.params.parse({ files: ['app.py'] }), context);
      expect(result.status).toBe('succeeded');
      const report = JSON.parse(readFileSync(context.artifacts.resolve('artifacts/mypy.json'), 'utf8')) as {
        diagnostics: Array<{
          file: string;
          line: number;
          severity: string;
          kind: string;
          code: string | null;
        }>;
      };
      expect(report.diagnostics).toContainEqual(
        expect.objectContaining({
          file: 'app.py',
          line: 6,
          severity: 'error',
          kind: 'type',
          code: 'return-value',
        }),
      );
    } finally {
      context.cleanup();
    }
  });

  it('code_fixers with apply: false emits the isort and black diff and leaves the project as it was', async () => {
    const context = createTestStepContext({ workDir: project, env: environment });
    try {
      const result = await codeFixersAdapter.execute(
        codeFixersAdapter.params.parse({ apply: false }),
        context,
      );
      expect(result.status).toBe('succeeded');
      expect(result.outputs).toMatchObject({ files_changed: 1, tools: ['isort', 'black'], applied: false });
      const patch = readFileSync(context.artifacts.resolve('artifacts/fixes.patch'), 'utf8');
      expect(patch).toContain('-import sys\n import os\n+import sys');
      expect(patch).toContain('+def size(name: str) -> int:');
      expect(readFileSync(path.join(project, 'app.py'), 'utf8')).toBe(source);
    } finally {
      context.cleanup();
    }
  });

  it('code_fixers with apply: true rewrites the file in place', async () => {
    const context = createTestStepContext({ workDir: project, env: environment });
    try {
      const result = await codeFixersAdapter.execute(
        codeFixersAdapter.params.parse({ apply: true }),
        context,
      );
      expect(result.status).toBe('succeeded');
      expect(readFileSync(path.join(project, 'app.py'), 'utf8')).toBe(
        ['import os', 'import sys', '', '', 'def size(name: str) -> int:', '    return name', ''].join('\n'),
      );
    } finally {
      context.cleanup();
    }
  });
});
