/**
 * Loads and verifies a workflow file: YAML syntax, the schema, actors and their params, step ids,
 * dependencies and cycles, `when` conditions and `${{ … }}` templates, and `emits` paths. Every
 * problem is reported with its line and column; nothing is executed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ZodType } from 'zod';
import type { AnyAdapter } from '../../adapters/types.js';
import { parseYamlSource, type YamlSource } from '../../config/yaml-source.js';
import { isOuroError, OuroError } from '../../errors/index.js';
import {
  checkExpression,
  parseExpression,
  parseTemplate,
  type ExpressionScope,
  type ParsedExpression,
} from '../expressions/index.js';
import { findCycle, resolveDependencies } from './dependency-graph.js';
import { suggestClosest } from '../../config/suggest.js';
import type { WorkflowDiagnostic } from './workflow-diagnostic.js';
import {
  retrySchema,
  stepCacheSchema,
  workflowPolicySchema,
  workflowSchema,
  workflowStepSchema,
  type Workflow,
} from './workflow-schema.js';

export interface AdapterLookup {
  get(id: string): AnyAdapter | undefined;
  ids(): string[];
}

export interface VerifyOptions {
  adapters: AdapterLookup;
  /** Environment variable names `env.*` may read. */
  envAllowlist: string[];
}

export interface LoadedWorkflow {
  file: string;
  text: string;
  /** sha256 of the file content. */
  hash: string;
  /** The validated workflow, present only when there is no diagnostic. */
  workflow: Workflow | undefined;
  diagnostics: WorkflowDiagnostic[];
}

type PathSegment = string | number;

function knownKeysAt(objectPath: PathSegment[]): string[] {
  const keysOf = (schema: { shape: Record<string, unknown> }): string[] => Object.keys(schema.shape);
  if (objectPath.length === 0) return keysOf(workflowSchema);
  if (objectPath.length === 1 && objectPath[0] === 'policy') return keysOf(workflowPolicySchema);
  if (objectPath.length === 2 && objectPath[0] === 'steps') return keysOf(workflowStepSchema);
  if (objectPath.length === 3 && objectPath[0] === 'steps' && objectPath[2] === 'retry')
    return keysOf(retrySchema);
  if (objectPath.length === 3 && objectPath[0] === 'steps' && objectPath[2] === 'cache')
    return keysOf(stepCacheSchema);
  return [];
}

export function describePath(segments: PathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function valueAt(root: unknown, segments: PathSegment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function isTemplateString(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${{');
}

class DiagnosticCollector {
  readonly diagnostics: WorkflowDiagnostic[] = [];
  constructor(
    private readonly file: string,
    private readonly source: YamlSource,
  ) {}

  /** `atKey` points at the key itself (unknown keys) rather than at its value. */
  add(segments: PathSegment[], code: string, message: string, suggestion?: string, atKey = false): void {
    const position = atKey ? this.source.locateKey(segments) : this.source.locate(segments);
    const diagnostic: WorkflowDiagnostic = {
      file: this.file,
      line: position.line,
      column: position.column,
      code,
      message,
      path: describePath(segments),
    };
    if (suggestion !== undefined) diagnostic.suggestion = suggestion;
    this.diagnostics.push(diagnostic);
  }
}

function reportSchemaIssues(collector: DiagnosticCollector, value: unknown): boolean {
  const parsed = workflowSchema.safeParse(value);
  if (parsed.success) return true;
  for (const issue of parsed.error.issues) {
    const segments = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        collector.add(
          [...segments, key],
          'OURO_WORKFLOW_UNKNOWN_KEY',
          `unknown key "${key}"`,
          suggestClosest(key, knownKeysAt(segments)),
          true,
        );
      }
    } else {
      collector.add(segments, 'OURO_WORKFLOW_SCHEMA', issue.message);
    }
  }
  return false;
}

function checkParsedExpression(
  collector: DiagnosticCollector,
  segments: PathSegment[],
  parsed: ParsedExpression,
  scope: ExpressionScope,
): void {
  for (const problem of checkExpression(parsed, scope)) {
    collector.add(segments, problem.code, `${problem.message} in "${parsed.source}"`);
  }
}

function reportExpressionError(
  collector: DiagnosticCollector,
  segments: PathSegment[],
  error: unknown,
): void {
  if (isOuroError(error)) collector.add(segments, error.code, error.message);
  else throw error;
}

function checkTemplates(
  collector: DiagnosticCollector,
  value: unknown,
  segments: PathSegment[],
  scope: ExpressionScope,
): void {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return;
    try {
      const template = parseTemplate(value);
      for (const part of template.parts) {
        if ('expression' in part) checkParsedExpression(collector, segments, part.expression, scope);
      }
    } catch (error) {
      reportExpressionError(collector, segments, error);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkTemplates(collector, item, [...segments, index], scope));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      checkTemplates(collector, item, [...segments, key], scope);
  }
}

function checkParams(
  collector: DiagnosticCollector,
  schema: ZodType,
  params: Record<string, unknown>,
  segments: PathSegment[],
): void {
  const parsed = schema.safeParse(params);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const issuePath = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    // A value given by a template is only known at run time, where params are validated again.
    const templated = issuePath.some((_, index) =>
      isTemplateString(valueAt(params, issuePath.slice(0, index + 1))),
    );
    if (templated) continue;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        collector.add(
          [...segments, ...issuePath, key],
          'OURO_WORKFLOW_PARAMS_INVALID',
          `unknown parameter "${key}"`,
          undefined,
          true,
        );
      }
    } else {
      collector.add([...segments, ...issuePath], 'OURO_WORKFLOW_PARAMS_INVALID', issue.message);
    }
  }
}

function checkEmits(collector: DiagnosticCollector, emits: string[], segments: PathSegment[]): void {
  emits.forEach((emitted, index) => {
    const normalized = path.posix.normalize(emitted.replaceAll('\\', '/'));
    if (
      !normalized.startsWith('artifacts/') ||
      path.posix.isAbsolute(normalized) ||
      normalized.includes('..')
    ) {
      collector.add(
        [...segments, index],
        'OURO_WORKFLOW_EMITS_OUTSIDE_ARTIFACTS',
        `"${emitted}" is outside the run's artifacts directory; use a path starting with artifacts/`,
      );
    }
  });
}

function checkSteps(collector: DiagnosticCollector, workflow: Workflow, options: VerifyOptions): void {
  const ids = new Map<string, number>();
  workflow.steps.forEach((step, index) => {
    if (ids.has(step.id)) {
      collector.add(
        ['steps', index, 'id'],
        'OURO_WORKFLOW_DUPLICATE_STEP_ID',
        `step id "${step.id}" is already used by steps[${ids.get(step.id)}]`,
      );
    } else {
      ids.set(step.id, index);
    }
  });
  const scope: ExpressionScope = {
    inputs: Object.keys(workflow.inputs),
    steps: [...ids.keys()],
    env: options.envAllowlist,
  };
  workflow.steps.forEach((step, index) => {
    const stepPath: PathSegment[] = ['steps', index];
    const adapter = options.adapters.get(step.actor);
    if (!adapter) {
      collector.add(
        [...stepPath, 'actor'],
        'OURO_WORKFLOW_UNKNOWN_ACTOR',
        `unknown actor "${step.actor}"`,
        suggestClosest(step.actor, options.adapters.ids()),
      );
    } else {
      checkParams(collector, adapter.params, step.with, [...stepPath, 'with']);
    }
    (step.depends_on ?? []).forEach((dependency, dependencyIndex) => {
      if (dependency === step.id) {
        collector.add(
          [...stepPath, 'depends_on', dependencyIndex],
          'OURO_WORKFLOW_CYCLE',
          'a step cannot depend on itself',
        );
      } else if (!ids.has(dependency)) {
        collector.add(
          [...stepPath, 'depends_on', dependencyIndex],
          'OURO_WORKFLOW_UNKNOWN_DEPENDENCY',
          `depends on unknown step "${dependency}"`,
          suggestClosest(dependency, [...ids.keys()]),
        );
      }
    });
    if (typeof step.when === 'string') {
      try {
        checkParsedExpression(collector, [...stepPath, 'when'], parseExpression(step.when), scope);
      } catch (error) {
        reportExpressionError(collector, [...stepPath, 'when'], error);
      }
    }
    checkTemplates(collector, step.with, [...stepPath, 'with'], scope);
    if (step.name) checkTemplates(collector, step.name, [...stepPath, 'name'], scope);
    checkEmits(collector, step.emits, [...stepPath, 'emits']);
  });
  const cycle = findCycle(resolveDependencies(workflow));
  if (cycle && cycle.length > 2) {
    const first = cycle[0]!;
    collector.add(
      ['steps', ids.get(first) ?? 0, 'depends_on'],
      'OURO_WORKFLOW_CYCLE',
      `dependency cycle: ${cycle.join(' → ')}`,
    );
  }
}

export function verifyWorkflowText(text: string, file: string, options: VerifyOptions): LoadedWorkflow {
  const hash = createHash('sha256').update(text).digest('hex');
  let source: YamlSource;
  try {
    source = parseYamlSource(text, file);
  } catch (error) {
    if (!isOuroError(error)) throw error;
    const position = (error.details ?? {}) as { line?: number; column?: number };
    return {
      file,
      text,
      hash,
      workflow: undefined,
      diagnostics: [
        {
          file,
          line: position.line ?? 1,
          column: position.column ?? 1,
          code: error.code,
          message: error.message,
          path: '',
        },
      ],
    };
  }
  const collector = new DiagnosticCollector(file, source);
  if (!reportSchemaIssues(collector, source.value)) {
    return { file, text, hash, workflow: undefined, diagnostics: collector.diagnostics };
  }
  const workflow = workflowSchema.parse(source.value);
  checkSteps(collector, workflow, options);
  const valid = collector.diagnostics.length === 0;
  return { file, text, hash, workflow: valid ? workflow : undefined, diagnostics: collector.diagnostics };
}

export async function loadWorkflowFile(file: string, options: VerifyOptions): Promise<LoadedWorkflow> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new OuroError('OURO_FILE_NOT_FOUND', { path: file });
    throw error;
  }
  return verifyWorkflowText(text, file, options);
}
