/**
 * Functions whose cyclomatic complexity rose by more than `safety.complexity.max_complexity` in a
 * changed TS/TSX/JS or Python file: MEDIUM, because hard-to-follow code is where review misses bugs.
 * A new function counts with its whole complexity (it rose from nothing).
 */
import { languageOf } from '../../models/context/source-language.js';
import type { ContentGuard } from './file-contents.js';
import type { Finding } from './finding.js';
import { functionComplexities, type FunctionComplexity } from './function-complexity.js';

export const complexityGuard: ContentGuard = {
  name: 'complexity',
  async check(files, safety, contents) {
    const limit = safety.complexity.max_complexity;
    const findings: Finding[] = [];
    for (const file of files) {
      if (file.binary || file.newPath === undefined) continue;
      const language = languageOf(file.newPath);
      if (language === undefined) continue;
      const after = await contents.after(file.newPath);
      if (after === undefined) continue;
      const beforeText = file.oldPath === undefined ? undefined : await contents.before(file.oldPath);
      const oldLanguage = file.oldPath === undefined ? undefined : languageOf(file.oldPath);
      const before =
        beforeText === undefined || oldLanguage === undefined
          ? new Map<string, FunctionComplexity>()
          : await functionComplexities(oldLanguage, beforeText);
      for (const [name, measured] of await functionComplexities(language, after)) {
        const previous = before.get(name)?.complexity ?? 0;
        const increase = measured.complexity - previous;
        if (increase <= limit) continue;
        findings.push({
          guard: 'complexity',
          severity: 'medium',
          file: file.newPath,
          line: measured.line,
          message:
            previous === 0
              ? `new function ${name} has cyclomatic complexity ${measured.complexity} (more than safety.complexity.max_complexity ${limit})`
              : `cyclomatic complexity of ${name} rose from ${previous} to ${measured.complexity} (+${increase}, more than safety.complexity.max_complexity ${limit})`,
        });
      }
    }
    return findings;
  },
};
