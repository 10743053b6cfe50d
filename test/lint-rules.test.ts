/**
 * The lint configuration keeps the architecture: the layer rules of ARCHITECTURE.md §2 and the ban on
 * import cycles. These checks make sure the rules still fire (a resolver change once silenced them).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './support/run-cli.js';

describe('lint rules', () => {
  it('forbids a lower layer importing a higher one', async () => {
    const directory = mkdtempSync(path.join(repositoryRoot, 'src', 'store', 'layer-probe-'));
    try {
      const file = path.join(directory, 'probe.ts');
      writeFileSync(file, "import { main } from '../../cli/main.js';\nexport const entry = main;\n");
      const results = await new ESLint({ cwd: repositoryRoot }).lintFiles([file]);
      expect(results[0]!.messages.map((message) => message.ruleId)).toContain('import-x/no-restricted-paths');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('forbids import cycles', async () => {
    const directory = mkdtempSync(path.join(repositoryRoot, 'src', 'errors', 'cycle-probe-'));
    try {
      writeFileSync(
        path.join(directory, 'a.ts'),
        "import { b } from './b.js';\nexport const a = (): unknown => b;\n",
      );
      writeFileSync(
        path.join(directory, 'b.ts'),
        "import { a } from './a.js';\nexport const b = (): unknown => a;\n",
      );
      const eslint = new ESLint({ cwd: repositoryRoot });
      const results = await eslint.lintFiles([path.join(directory, 'a.ts')]);
      expect(results[0]!.messages.map((message) => message.ruleId)).toContain('import-x/no-cycle');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
