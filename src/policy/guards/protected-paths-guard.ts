/**
 * Changes to paths listed in `safety.protected_paths` (CI workflows, Ouro's own config, keys, .env):
 * HIGH, because an agent that edits them can widen its own permissions or leak credentials.
 */
import picomatch from 'picomatch';
import type { Guard } from './guard.js';
import type { Finding } from './finding.js';

export const protectedPathsGuard: Guard = {
  name: 'protected-paths',
  check(files, safety) {
    // dot: globs like `.github/workflows/**` and `**/.env*` must match dot files and directories.
    const matchers = safety.protected_paths.map((glob) => ({ glob, match: picomatch(glob, { dot: true }) }));
    const findings: Finding[] = [];
    for (const file of files) {
      // Both sides count: renaming a protected file away is as much a change to it as editing it.
      const paths = [...new Set([file.oldPath, file.newPath].filter((path) => path !== undefined))];
      for (const path of paths) {
        const hit = matchers.find((matcher) => matcher.match(path));
        if (!hit) continue;
        findings.push({
          guard: 'protected-paths',
          severity: 'high',
          file: path,
          line: undefined,
          message: `${file.status} protected path ${path} (matches ${hit.glob})`,
        });
      }
    }
    return findings;
  },
};
