/**
 * secretlint (its recommended preset) over the added lines of one diff file. The linted text is a
 * virtual file in which every added line sits at its line number in the new file and every other
 * line is empty, so secretlint's line numbers are the new file's and nothing outside the added
 * lines (context, removed lines) can be reported. Messages are masked by secretlint and never
 * copied: callers get the rule and message id only.
 */
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { addedLines, diffFilePath, type DiffFile } from './diff-types.js';

export interface SecretlintHit {
  /** Line in the new file where the match starts (a private key block reports its first line). */
  line: number;
  /** The rule without the package prefix, e.g. `github`, `aws`, `privatekey`. */
  rule: string;
  /** secretlint's message id, e.g. `GITHUB_TOKEN`, `AWSSecretAccessKey`. */
  messageId: string;
}

const rulePrefix = '@secretlint/secretlint-rule-';

// The config type is not re-exported by @secretlint/core; take it from lintSource's parameters.
const config: Parameters<typeof lintSource>[0]['options']['config'] = {
  rules: [
    {
      id: `${rulePrefix}preset-recommend`,
      rule: recommendedPreset,
      // `secretlint-disable` comments are honoured by this rule; a change must not be able to hide
      // its own secret by adding such a comment next to it.
      rules: [{ id: `${rulePrefix}filter-comments`, disabled: true }],
    },
  ],
};

/*
 * secretlint's profiler writes a performance mark per rule per lint into the process-wide timeline
 * and keeps every entry forever (about 56 per file): in a long-running process that is unbounded
 * growth (Node warns at a million). Ouro never reads the profile, so marking is turned off.
 */
secretLintProfiler.mark = () => undefined;

/** The virtual new file: added lines at their line numbers, everything else empty. */
function addedLinesOnly(file: DiffFile): string | undefined {
  const lines: string[] = [];
  for (const line of addedLines(file)) {
    if (line.newLine === undefined) continue;
    while (lines.length < line.newLine - 1) lines.push('');
    lines[line.newLine - 1] = line.text;
  }
  return lines.length === 0 ? undefined : lines.join('\n');
}

/** Findings of secretlint on the added lines of `file`, in line order; none for a binary file. */
export async function secretlintAddedLines(file: DiffFile): Promise<SecretlintHit[]> {
  if (file.binary) return [];
  const content = addedLinesOnly(file);
  if (content === undefined) return [];
  const filePath = diffFilePath(file);
  const extension = path.extname(filePath);
  const result = await lintSource({
    source: {
      content,
      filePath,
      // The GCP rule reads `.p12` files from disk; a guard reads the diff and nothing else.
      ext: extension === '.p12' ? '' : extension,
      contentType: 'text',
    },
    options: { config, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages
    .map((message) => ({
      line: message.loc.start.line,
      rule: message.ruleId.startsWith(rulePrefix) ? message.ruleId.slice(rulePrefix.length) : message.ruleId,
      messageId: message.messageId,
    }))
    .sort((left, right) => left.line - right.line);
}
