/**
 * Credentials in added lines: CRITICAL. Two sources: secretlint with its recommended preset
 * (secretlint-scan.ts), and the credential shapes the log redactor knows (src/observability/redact.ts)
 * plus PEM private key headers. They overlap on purpose — secretlint knows more services and key
 * formats, the shapes know a few that secretlint's defaults leave out (AWS access key ids, Ouro API
 * keys, JSON Web Tokens) — so one line found by both is reported once. Removed and context lines are
 * never read. Messages name the rule or shape, never the secret: reports end up in logs and pull
 * requests.
 */
import { credentialShapes } from '../../observability/redact.js';
import { addedLines, diffFilePath, type DiffFile } from './diff-types.js';
import type { Finding } from './finding.js';
import type { SafetySettings } from './guard.js';
import { secretlintAddedLines } from './secretlint-scan.js';

const shapes = [
  { name: 'private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/ },
  // Non-global copies: a shared global pattern would carry lastIndex from one test() to the next.
  ...credentialShapes.map((shape) => ({
    name: shape.name,
    pattern: new RegExp(shape.pattern.source, shape.pattern.flags.replace('g', '')),
  })),
];

const guardName = 'secrets';

function shapeFindings(file: DiffFile): Finding[] {
  const findings: Finding[] = [];
  for (const line of addedLines(file)) {
    const shape = shapes.find((candidate) => candidate.pattern.test(line.text));
    if (!shape) continue;
    findings.push({
      guard: guardName,
      severity: 'critical',
      file: diffFilePath(file),
      line: line.newLine,
      message: `added line contains what looks like a ${shape.name}`,
    });
  }
  return findings;
}

/** One finding per line that secretlint reported, naming every rule that matched it. */
async function secretlintFindings(file: DiffFile): Promise<Finding[]> {
  const byLine = new Map<number, string[]>();
  for (const hit of await secretlintAddedLines(file)) {
    const names = byLine.get(hit.line) ?? [];
    const name = `${hit.rule} ${hit.messageId}`;
    if (!names.includes(name)) names.push(name);
    byLine.set(hit.line, names);
  }
  return [...byLine].map(([line, names]) => ({
    guard: guardName,
    severity: 'critical',
    file: diffFilePath(file),
    line,
    message: `added line contains a secret (secretlint: ${names.join(', ')})`,
  }));
}

/** secretlint first; a shape finding on a line secretlint already reported adds nothing. */
async function fileFindings(file: DiffFile): Promise<Finding[]> {
  const linted = await secretlintFindings(file);
  const reported = new Set(linted.map((finding) => finding.line));
  const shaped = shapeFindings(file).filter((finding) => !reported.has(finding.line));
  return [...linted, ...shaped].sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
}

/** A guard whose check is asynchronous (secretlint is). */
export interface AsyncGuard {
  name: string;
  check(files: readonly DiffFile[], safety: SafetySettings): Promise<Finding[]>;
}

/** The secrets guard: secretlint and the credential shapes, deduplicated by (file, line). */
export const secretsScanGuard: AsyncGuard = {
  name: guardName,
  async check(files) {
    const findings: Finding[] = [];
    // One file after another: linting is CPU-bound, so running files concurrently would not be faster.
    for (const file of files) findings.push(...(await fileFindings(file)));
    return findings;
  },
};
