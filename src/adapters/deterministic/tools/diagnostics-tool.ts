/**
 * The shape shared by every analyzer adapter (eslint, tsc, prettier, ruff, mypy): build argv from
 * the params, run the tool, let the tool's own `interpret` decide what its exit code and output
 * mean (findings, or a crash that fails the step), write one diagnostics artifact and return the
 * counts as outputs. Findings never fail the step by themselves: gates decide.
 */
import type { ZodType } from 'zod';
import { stepErrorFrom } from '../../process/step-failure.js';
import type { Adapter, AvailabilityContext, CacheInputs, StepContext, StepResult } from '../../types.js';
import {
  createDiagnosticsReport,
  describeSummary,
  summarizeDiagnostics,
  type Diagnostic,
  type DiagnosticsSummary,
} from './diagnostics.js';
import { runTool, type ToolRun } from './run-tool.js';
import { toolAvailability, type ToolSpec } from './tool-spec.js';

export interface DiagnosticsTool<P> {
  spec: ToolSpec;
  buildArgs(params: P, context: StepContext): string[];
  /** Reads the run: returns the findings, or throws an OuroError when the tool did not really run. */
  interpret(run: ToolRun, params: P, context: StepContext): Diagnostic[];
}

export async function runDiagnosticsTool<P>(
  tool: DiagnosticsTool<P>,
  params: P,
  context: StepContext,
  cwd?: string,
): Promise<Diagnostic[]> {
  const run = await runTool(
    tool.spec,
    tool.buildArgs(params, context),
    context,
    cwd === undefined ? {} : { cwd },
  );
  return tool.interpret(run, params, context);
}

export type DiagnosticsOutputs = DiagnosticsSummary;

function emptySummary(): DiagnosticsSummary {
  return summarizeDiagnostics([]);
}

export interface DiagnosticsAdapterOptions<P> {
  id: string;
  version: string;
  description: string;
  params: ZodType<P>;
  tool: DiagnosticsTool<P>;
  cacheInputs: (params: P, context: AvailabilityContext) => CacheInputs | undefined;
  /** Whether these params only read the project (default: always). */
  readOnly?: (params: P) => boolean;
}

export function createDiagnosticsAdapter<P>(
  options: DiagnosticsAdapterOptions<P>,
): Adapter<P, DiagnosticsOutputs> {
  const { tool } = options;
  return {
    id: options.id,
    kind: 'deterministic',
    effects: ['run_command'],
    // A checker only reads the project unless its params ask it to fix (eslint/ruff fix, prettier write).
    readOnly: options.readOnly ?? (() => true),
    version: options.version,
    description: options.description,
    params: options.params,
    available: (context) => toolAvailability(tool.spec, context),
    cacheInputs: options.cacheInputs,
    async execute(params: P, context: StepContext): Promise<StepResult<DiagnosticsOutputs>> {
      try {
        const diagnostics = await runDiagnosticsTool(tool, params, context);
        const artifactPath = context.artifacts.primary(`artifacts/${options.id}.json`, '.json');
        const record = await context.artifacts.write(
          artifactPath,
          `${JSON.stringify(createDiagnosticsReport(tool.spec.name, diagnostics), null, 2)}\n`,
        );
        const summary = summarizeDiagnostics(diagnostics);
        return {
          status: 'succeeded',
          outputs: summary,
          artifacts: [record],
          summary: describeSummary(summary),
        };
      } catch (error) {
        return { status: 'failed', outputs: emptySummary(), error: stepErrorFrom(error) };
      }
    },
  };
}
