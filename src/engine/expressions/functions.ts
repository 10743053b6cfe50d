/**
 * The functions an expression may call, their parameters and their implementations. Functions that
 * touch files delegate to the engine's synchronous host; values from the expression are validated
 * here before the host sees them.
 */
import { expressionEvaluationError } from './errors.js';
import { describeType } from './values.js';
import { diagnosticKinds, type EvaluationContext } from './types.js';

export interface FunctionSpecification {
  name: string;
  /** Positional parameters; all are strings. */
  parameters: string[];
  /** Optional keyword parameters (`name=value`). */
  keywords: string[];
  describe: string;
  invoke(positional: unknown[], keywords: Map<string, unknown>, context: EvaluationContext): boolean;
}

const knownKinds = new Set<string>(diagnosticKinds);

function requireString(functionName: string, parameter: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw expressionEvaluationError(
      `${functionName}(): ${parameter} must be a string, got ${describeType(value)}`,
    );
  }
  return value;
}

function requireKinds(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw expressionEvaluationError(`has_errors(): kinds must be an array, got ${describeType(value)}`);
  }
  return value.map((kind: unknown) => {
    if (typeof kind !== 'string' || !knownKinds.has(kind)) {
      throw expressionEvaluationError(
        `has_errors(): unknown diagnostic kind ${JSON.stringify(kind) ?? describeType(kind)}; use ${diagnosticKinds.join(', ')}`,
      );
    }
    return kind;
  });
}

export const expressionFunctions: ReadonlyMap<string, FunctionSpecification> = new Map(
  (
    [
      {
        name: 'has_errors',
        parameters: ['path'],
        keywords: ['kinds'],
        describe: 'the diagnostics artifact at path holds errors (of the given kinds)',
        invoke: (positional, keywords, context) =>
          context.host.hasErrors(
            requireString('has_errors', 'path', positional[0]),
            requireKinds(keywords.get('kinds')),
          ),
      },
      {
        name: 'exists',
        parameters: ['path'],
        keywords: [],
        describe: 'the file (or artifact) at path exists',
        invoke: (positional, _keywords, context) =>
          context.host.exists(requireString('exists', 'path', positional[0])),
      },
      {
        name: 'changed',
        parameters: ['glob'],
        keywords: [],
        describe: 'a file matching glob is changed in the working tree',
        invoke: (positional, _keywords, context) =>
          context.host.changed(requireString('changed', 'glob', positional[0])),
      },
      {
        name: 'success',
        parameters: [],
        keywords: [],
        describe: 'no step that ended so far has failed',
        invoke: (_positional, _keywords, context) => !context.runFailed,
      },
      {
        name: 'failure',
        parameters: [],
        keywords: [],
        describe: 'some step that ended so far has failed',
        invoke: (_positional, _keywords, context) => context.runFailed,
      },
      {
        name: 'always',
        parameters: [],
        keywords: [],
        describe: 'always true',
        invoke: () => true,
      },
    ] satisfies FunctionSpecification[]
  ).map((specification) => [specification.name, specification]),
);
