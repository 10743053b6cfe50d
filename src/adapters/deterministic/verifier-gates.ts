/**
 * The verifier's gates. Each reads what it judges (an artifact, the working tree's diff, the run's
 * usage) and returns every reason it fails, so one verifier run shows all problems at once.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { resolveInsideProject } from '../process/workflow-paths.js';
import type { StepContext } from '../types.js';
import { diffWorkingTree } from './git-diff-stat.js';
import { capReasons, readJsonArtifact } from './verifier-artifacts.js';
import type {
  DiffLimitsGate,
  GateResult,
  NoErrorsGate,
  SchemaValidGate,
  TestsPassGate,
  TokenBudgetGate,
} from './verifier-params.js';

const testReportSchema = z.looseObject({
  total: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failures: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        file: z.string().optional(),
        line: z.number().optional(),
        message: z.string().optional(),
      }),
    )
    .default([]),
});

const diagnosticsSchema = z.looseObject({
  version: z.literal(1),
  tool: z.string(),
  diagnostics: z.array(
    z.looseObject({
      file: z.string(),
      line: z.number().optional(),
      column: z.number().optional(),
      severity: z.enum(['error', 'warning', 'info']),
      code: z.string().nullable().optional(),
      message: z.string(),
      tool: z.string().optional(),
      kind: z.string(),
    }),
  ),
});

export async function testsPass(gate: TestsPassGate, context: StepContext): Promise<GateResult> {
  const read = await readJsonArtifact(context, gate.report, testReportSchema);
  if (!read.ok) return { gate: 'tests_pass', passed: false, reasons: [read.reason] };
  const report = read.value;
  const reasons: string[] = [];
  if (report.total === 0 && !gate.allow_empty) reasons.push('no tests ran (total is 0)');
  if (report.failed > 0) {
    reasons.push(`${report.failed} of ${report.total} test(s) failed`);
    for (const failure of report.failures) {
      const where =
        failure.file === undefined
          ? ''
          : `${failure.file}${failure.line === undefined ? '' : `:${failure.line}`}: `;
      reasons.push(
        `${where}${failure.name ?? 'test'}${failure.message === undefined ? '' : ` — ${failure.message.split('\n')[0]}`}`,
      );
    }
  }
  return { gate: 'tests_pass', passed: reasons.length === 0, reasons: capReasons(reasons) };
}

export async function diffLimits(gate: DiffLimitsGate, context: StepContext): Promise<GateResult> {
  const diff = await diffWorkingTree({
    cwd: context.workDir,
    env: context.env,
    signal: context.signal,
    base: gate.base,
  });
  const lines = diff.insertions + diff.deletions;
  const reasons: string[] = [];
  if (diff.filesChanged > gate.max_files) {
    reasons.push(`${diff.filesChanged} files changed, more than max_files ${gate.max_files}`);
  }
  if (lines > gate.max_lines) reasons.push(`${lines} lines changed, more than max_lines ${gate.max_lines}`);
  return { gate: 'diff_limits', passed: reasons.length === 0, reasons };
}

function compilerFor(schema: Record<string, unknown>): Ajv | Ajv2019 | Ajv2020 {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = { allErrors: true, strict: false };
  if (dialect.includes('2020-12')) return new Ajv2020(options);
  if (dialect.includes('2019-09')) return new Ajv2019(options);
  return new Ajv(options);
}

async function readSchemaText(gate: SchemaValidGate, context: StepContext): Promise<string | undefined> {
  if (gate.schema.startsWith('artifacts/')) return context.readArtifact(gate.schema);
  try {
    return await readFile(resolveInsideProject(context.workDir, gate.schema), 'utf8');
  } catch {
    return undefined;
  }
}

export async function schemaValid(gate: SchemaValidGate, context: StepContext): Promise<GateResult> {
  const fail = (reason: string): GateResult => ({ gate: 'schema_valid', passed: false, reasons: [reason] });
  const schemaText = await readSchemaText(gate, context);
  if (schemaText === undefined) return fail(`schema ${gate.schema} does not exist`);
  const read = await readJsonArtifact(context, gate.artifact, z.unknown());
  if (!read.ok) return fail(read.reason);
  let validate: ValidateFunction;
  try {
    const schema = JSON.parse(schemaText) as unknown;
    if (typeof schema !== 'object' || schema === null)
      return fail(`schema ${gate.schema} is not a JSON object`);
    validate = compilerFor(schema as Record<string, unknown>).compile(schema);
  } catch (error) {
    return fail(`schema ${gate.schema} is not a usable JSON Schema: ${(error as Error).message}`);
  }
  if (validate(read.value)) return { gate: 'schema_valid', passed: true, reasons: [] };
  const reasons = (validate.errors ?? []).map(
    (error) =>
      `${gate.artifact}${error.instancePath === '' ? '' : ` at ${error.instancePath}`}: ${error.message ?? 'invalid'}`,
  );
  return { gate: 'schema_valid', passed: false, reasons: capReasons(reasons) };
}

export function tokenBudget(gate: TokenBudgetGate, context: StepContext): Promise<GateResult> {
  const usage = context.usageSoFar?.() ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const tokens = usage.inputTokens + usage.outputTokens;
  const reasons: string[] = [];
  if (tokens > gate.max_tokens)
    reasons.push(`${tokens} tokens used, more than max_tokens ${gate.max_tokens}`);
  if (gate.max_cost_usd !== undefined && usage.costUsd > gate.max_cost_usd) {
    reasons.push(`$${usage.costUsd.toFixed(4)} spent, more than max_cost_usd ${gate.max_cost_usd}`);
  }
  return Promise.resolve({ gate: 'token_budget', passed: reasons.length === 0, reasons });
}

export async function noErrors(gate: NoErrorsGate, context: StepContext): Promise<GateResult> {
  const read = await readJsonArtifact(context, gate.artifact, diagnosticsSchema);
  if (!read.ok) return { gate: 'no_errors', passed: false, reasons: [read.reason] };
  const kinds: readonly string[] | undefined = gate.kinds;
  const errors = read.value.diagnostics.filter(
    (diagnostic) =>
      diagnostic.severity === 'error' && (kinds === undefined || kinds.includes(diagnostic.kind)),
  );
  const reasons = errors.map((diagnostic) => {
    const position = [diagnostic.file, diagnostic.line, diagnostic.column]
      .filter((part) => part !== undefined)
      .join(':');
    const code = diagnostic.code === undefined || diagnostic.code === null ? '' : ` ${diagnostic.code}`;
    return `${position}${code} ${diagnostic.message} (${diagnostic.tool ?? read.value.tool}/${diagnostic.kind})`;
  });
  return { gate: 'no_errors', passed: errors.length === 0, reasons: capReasons(reasons) };
}
