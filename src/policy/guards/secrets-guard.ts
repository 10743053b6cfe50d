/**
 * Credentials in added lines: CRITICAL. First version: the credential shapes the log redactor knows
 * (src/observability/redact.ts) plus PEM private key headers. secretlint is not integrated yet, so
 * secrets without a recognisable shape (a random password in a config file) are not found.
 */
import { credentialShapes } from '../../observability/redact.js';
import { addedLines, diffFilePath } from './diff-types.js';
import type { Finding } from './finding.js';
import type { Guard } from './guard.js';

const shapes = [
  { name: 'private key', pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/ },
  // Non-global copies: a shared global pattern would carry lastIndex from one test() to the next.
  ...credentialShapes.map((shape) => ({
    name: shape.name,
    pattern: new RegExp(shape.pattern.source, shape.pattern.flags.replace('g', '')),
  })),
];

export const secretsGuard: Guard = {
  name: 'secrets',
  check(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      for (const line of addedLines(file)) {
        const shape = shapes.find((candidate) => candidate.pattern.test(line.text));
        if (!shape) continue;
        // The message never repeats the secret itself: reports end up in logs and pull requests.
        findings.push({
          guard: 'secrets',
          severity: 'critical',
          file: diffFilePath(file),
          line: line.newLine,
          message: `added line contains what looks like a ${shape.name}`,
        });
      }
    }
    return findings;
  },
};
