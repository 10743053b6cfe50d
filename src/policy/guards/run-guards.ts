/**
 * Runs every guard over one diff: the diff-only guards always, the guards that read whole files
 * (complexity, removed public API) only when file contents are available.
 */
import { complexityGuard } from './complexity-guard.js';
import { dependencyGuard } from './dependency-guard.js';
import { diffSizeGuard } from './diff-size-guard.js';
import type { DiffFile } from './diff-types.js';
import type { ContentGuard, FileContents } from './file-contents.js';
import { severityRank, type Finding } from './finding.js';
import type { Guard, SafetySettings } from './guard.js';
import { protectedPathsGuard } from './protected-paths-guard.js';
import { publicApiGuard } from './public-api-guard.js';
import { secretsScanGuard } from './secrets-guard.js';
import { weakenedTestsGuard } from './weakened-tests-guard.js';

export const guards: readonly Guard[] = [
  protectedPathsGuard,
  diffSizeGuard,
  weakenedTestsGuard,
  dependencyGuard,
];

export const contentGuards: readonly ContentGuard[] = [complexityGuard, publicApiGuard];

export interface GuardResults {
  /** The most severe first (stable within a severity: guard order, then file order). */
  findings: Finding[];
  /** Guards that did not run, each with the reason. */
  notRun: string[];
}

export async function runGuards(
  files: readonly DiffFile[],
  safety: SafetySettings,
  contents?: FileContents,
): Promise<GuardResults> {
  const findings = guards.flatMap((guard) => guard.check(files, safety));
  // secretlint is asynchronous, so the secrets guard is awaited apart from the synchronous guards.
  findings.push(...(await secretsScanGuard.check(files, safety)));
  const notRun: string[] = [];
  for (const guard of contentGuards) {
    if (contents === undefined)
      notRun.push(`${guard.name}: needs the files before and after (not available for a diff file)`);
    else findings.push(...(await guard.check(files, safety, contents)));
  }
  const sorted = findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (left, right) =>
        severityRank(right.finding.severity) - severityRank(left.finding.severity) ||
        left.index - right.index,
    )
    .map(({ finding }) => finding);
  return { findings: sorted, notRun };
}
