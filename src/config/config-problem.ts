/**
 * Turns Zod issues into config problems a person can act on: a dotted path, the file position when the
 * value came from the file, which variable or flag it came from otherwise, and a suggestion for typos.
 */
import type { z } from 'zod';
import { describePath, type SourcePath, type YamlSource } from './yaml-source.js';
import { isRecordAt, knownKeysAt } from './schema-keys.js';
import { suggestClosest } from './suggest.js';

export type ConfigValueSource = 'default' | 'file' | 'env' | 'flag';

export interface ConfigProblem {
  /** Dotted path, `''` for the whole file. */
  path: string;
  /** 1-based; present when the value came from the config file. */
  line?: number;
  column?: number;
  message: string;
  suggestion?: string;
  source: ConfigValueSource;
}

/** Where an overridden key came from: the variable or flag name, by dotted path. */
export type OverrideOrigins = Map<string, { source: 'env' | 'flag'; name: string }>;

export interface ProblemContext {
  schema: z.ZodType;
  input: unknown;
  yamlSource: YamlSource | undefined;
  overrides: OverrideOrigins;
}

function toSourcePath(path: ReadonlyArray<PropertyKey>): SourcePath {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

function valueAt(root: unknown, path: SourcePath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function overrideFor(path: SourcePath, overrides: OverrideOrigins) {
  for (let length = path.length; length > 0; length -= 1) {
    const origin = overrides.get(path.slice(0, length).join('.'));
    if (origin) return origin;
  }
  return undefined;
}

function placed(
  path: SourcePath,
  message: string,
  context: ProblemContext,
  options: { suggestion?: string | undefined; atKey?: boolean } = {},
): ConfigProblem {
  const problem: ConfigProblem = { path: describePath(path), message, source: 'default' };
  if (options.suggestion !== undefined) problem.suggestion = options.suggestion;
  const origin = overrideFor(path, context.overrides);
  if (origin) {
    problem.source = origin.source;
    problem.message = `${message} (from ${origin.source === 'env' ? 'environment variable' : 'flag'} ${origin.name})`;
  } else if (context.yamlSource) {
    const position = options.atKey ? context.yamlSource.locateKey(path) : context.yamlSource.locate(path);
    problem.source = 'file';
    problem.line = position.line;
    problem.column = position.column;
  }
  return problem;
}

export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  context: ProblemContext,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = toSourcePath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(context.schema, path);
      for (const key of issue.keys) {
        const where = path.length === 0 ? 'at the top level' : `in ${describePath(path)}`;
        const suggestion = suggestClosest(key, known);
        const allowed =
          suggestion === undefined && known.length > 0 ? `; known keys: ${known.join(', ')}` : '';
        problems.push(
          placed([...path, key], `unknown key "${key}" ${where}${allowed}`, context, {
            suggestion,
            atKey: true,
          }),
        );
      }
    } else if (issue.code === 'invalid_value') {
      const received = valueAt(context.input, path);
      const options = issue.values.map(String);
      const suggestion = typeof received === 'string' ? suggestClosest(received, options) : undefined;
      problems.push(placed(path, issue.message, context, { suggestion }));
    } else if (issue.code === 'invalid_key' && isRecordAt(context.schema, path)) {
      problems.push(placed(path, `invalid key: ${issue.message}`, context));
    } else {
      problems.push(placed(path, issue.message, context));
    }
  }
  return sortProblems(problems);
}

/** File problems in reading order, then those from the environment and flags. */
export function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const rank = (problem: ConfigProblem): number => (problem.line === undefined ? 1 : 0);
  return [...problems].sort(
    (left, right) =>
      rank(left) - rank(right) ||
      (left.line ?? 0) - (right.line ?? 0) ||
      (left.column ?? 0) - (right.column ?? 0) ||
      left.path.localeCompare(right.path),
  );
}

/** `file:line:column path message (did you mean …?)`, the format validate-config prints. */
export function formatProblem(problem: ConfigProblem, file: string | undefined): string {
  const location =
    problem.line !== undefined && file !== undefined
      ? `${file}:${problem.line}:${problem.column ?? 1}`
      : problem.source === 'env' || problem.source === 'flag'
        ? problem.source
        : (file ?? 'config');
  const path = problem.path === '' ? '(root)' : problem.path;
  const suggestion = problem.suggestion === undefined ? '' : ` (did you mean "${problem.suggestion}"?)`;
  return `${location} ${path} ${problem.message}${suggestion}`;
}
