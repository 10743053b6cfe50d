/**
 * Exported symbols that a change removes (renamed or deleted modules included): MEDIUM, because
 * callers outside the diff may still use them. Test files are skipped; their exports are not an API.
 */
import { languageOf } from '../../models/context/source-language.js';
import { exportedSymbols } from './exported-symbols.js';
import type { ContentGuard } from './file-contents.js';
import type { Finding } from './finding.js';
import { isTestPath } from './test-file-path.js';

export const publicApiGuard: ContentGuard = {
  name: 'public-api',
  async check(files, _safety, contents) {
    const findings: Finding[] = [];
    for (const file of files) {
      if (file.binary || file.oldPath === undefined || isTestPath(file.oldPath)) continue;
      const oldLanguage = languageOf(file.oldPath);
      if (oldLanguage === undefined) continue;
      const beforeText = await contents.before(file.oldPath);
      if (beforeText === undefined) continue;
      const before = await exportedSymbols(oldLanguage, beforeText);
      const newLanguage = file.newPath === undefined ? undefined : languageOf(file.newPath);
      const afterText = file.newPath === undefined ? undefined : await contents.after(file.newPath);
      const after =
        newLanguage === undefined || afterText === undefined
          ? new Set<string>()
          : await exportedSymbols(newLanguage, afterText);
      const removed = [...before].filter((name) => !after.has(name));
      if (removed.length === 0) continue;
      findings.push({
        guard: 'public-api',
        severity: 'medium',
        file: file.newPath ?? file.oldPath,
        line: undefined,
        message: `exported symbols removed${file.newPath === undefined ? ' (module deleted)' : ''}: ${removed.join(', ')}`,
      });
    }
    return findings;
  },
};
