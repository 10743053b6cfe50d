/**
 * `ouro verify`: checks workflow files (schema, actors, params, dependencies, expressions), and
 * validates any JSON or YAML document (an artifact, a workflow) against a JSON Schema given with
 * --schema. Each problem carries its line and column.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateDocument } from '../adapters/json-schema/validate-document.js';
import { parseYamlSource } from '../config/yaml-source.js';
import { describePath, verifyWorkflowText } from '../engine/workflow/verify-workflow.js';
import type { WorkflowDiagnostic } from '../engine/workflow/workflow-diagnostic.js';
import { isOuroError, OuroError } from '../errors/index.js';
import type { ProjectContext } from './project-context.js';

export interface VerifyReport {
  file: string;
  kind: 'workflow' | 'document';
  valid: boolean;
  problems: WorkflowDiagnostic[];
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new OuroError('OURO_FILE_NOT_FOUND', { path: file });
    throw error;
  }
}

async function loadSchema(file: string): Promise<Record<string, unknown>> {
  const text = await readText(file);
  try {
    const value = parseYamlSource(text, file).value;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new Error('the schema is not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new OuroError('OURO_JSON_INVALID', {
      path: file,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

function schemaProblems(
  text: string,
  displayName: string,
  schema: Record<string, unknown>,
): WorkflowDiagnostic[] {
  let source;
  try {
    source = parseYamlSource(text, displayName);
  } catch (error) {
    if (!isOuroError(error)) throw error;
    const position = (error.details ?? {}) as { line?: number; column?: number };
    return [
      {
        file: displayName,
        line: position.line ?? 1,
        column: position.column ?? 1,
        code: error.code,
        message: error.message,
        path: '',
      },
    ];
  }
  return validateDocument(schema, source.value).map((problem) => {
    const position = source.locate(problem.path);
    return {
      file: displayName,
      line: position.line,
      column: position.column,
      code: 'OURO_SCHEMA_VALIDATION_FAILED',
      message: `${problem.keyword}: ${problem.message}`,
      path: describePath(problem.path),
    };
  });
}

export async function verifyFiles(
  context: ProjectContext,
  files: string[],
  schemaFile?: string,
): Promise<VerifyReport[]> {
  const schema = schemaFile ? await loadSchema(path.resolve(schemaFile)) : undefined;
  const reports: VerifyReport[] = [];
  for (const given of files) {
    const file = path.resolve(given);
    const displayName = path.relative(process.cwd(), file) || given;
    const text = await readText(file);
    const isWorkflow = /\.ya?ml$/i.test(file);
    const problems: WorkflowDiagnostic[] = [];
    if (schema) problems.push(...schemaProblems(text, displayName, schema));
    if (isWorkflow) {
      const loaded = verifyWorkflowText(text, displayName, {
        adapters: context.adapters,
        envAllowlist: context.config.workflows.env_allowlist,
      });
      problems.push(...loaded.diagnostics);
    } else if (!schema) {
      throw new OuroError('OURO_CLI_USAGE', {
        message: `${displayName} is not a workflow (.yaml/.yml); to validate a document pass --schema <json-schema>`,
      });
    }
    problems.sort((left, right) => left.line - right.line || left.column - right.column);
    reports.push({
      file: displayName,
      kind: isWorkflow ? 'workflow' : 'document',
      valid: problems.length === 0,
      problems,
    });
  }
  return reports;
}
