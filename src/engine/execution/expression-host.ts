/**
 * The host functions behind `has_errors(…)`, `exists(…)` and `changed(…)`. They read the run's
 * artifacts (paths under artifacts/) or the project's files, synchronously, because conditions are
 * evaluated synchronously between steps.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { EvaluationContext } from '../expressions/index.js';
import { normalizeArtifactPath } from './artifact-sink.js';

export interface ExpressionHostOptions {
  projectDir: string;
  runDir: string;
}

function resolvePath(options: ExpressionHostOptions, target: string): string | undefined {
  const normalized = path.posix.normalize(target.replaceAll('\\', '/'));
  if (normalized.startsWith('artifacts/')) {
    try {
      return path.join(options.runDir, normalizeArtifactPath(normalized));
    } catch {
      return undefined;
    }
  }
  const resolved = path.resolve(options.projectDir, normalized);
  const relative = path.relative(options.projectDir, resolved);
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : resolved;
}

interface DiagnosticLike {
  severity?: unknown;
  kind?: unknown;
}

/** Whether a diagnostics artifact, a test report or a gates report holds errors (of the kinds). */
export function documentHasErrors(document: unknown, kinds: string[] | undefined): boolean {
  if (document === null || typeof document !== 'object') return false;
  const record = document as Record<string, unknown>;
  if (Array.isArray(record.diagnostics)) {
    return (record.diagnostics as DiagnosticLike[]).some(
      (diagnostic) =>
        diagnostic.severity === 'error' &&
        (kinds === undefined || kinds.length === 0 || kinds.includes(String(diagnostic.kind))),
    );
  }
  const testKindWanted = kinds === undefined || kinds.length === 0 || kinds.includes('test');
  if (typeof record.failed === 'number') return testKindWanted && record.failed > 0;
  if (typeof record.errors === 'number') return record.errors > 0;
  return false;
}

function changedFiles(projectDir: string): string[] {
  const run = (args: string[]): string => {
    try {
      return execFileSync('git', args, {
        cwd: projectDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return '';
    }
  };
  const files = new Set<string>();
  for (const line of run(['status', '--porcelain', '--untracked-files=all', '-z']).split('\0')) {
    const file = line.slice(3);
    if (file) files.add(file);
  }
  return [...files];
}

export function createExpressionHost(options: ExpressionHostOptions): EvaluationContext['host'] {
  return {
    hasErrors(target, kinds) {
      const file = resolvePath(options, target);
      if (!file || !existsSync(file)) return false;
      try {
        return documentHasErrors(JSON.parse(readFileSync(file, 'utf8')), kinds);
      } catch {
        return false;
      }
    },
    exists(target) {
      const file = resolvePath(options, target);
      return file !== undefined && existsSync(file);
    },
    changed(pattern) {
      // Read afresh at each call: earlier steps of the same run may have changed files.
      const matches = picomatch(pattern, { dot: true });
      return changedFiles(options.projectDir).some((file) => matches(file));
    },
  };
}
