/**
 * `vscode_diagnostics` (the runbook's actor): runs every analyzer the project is set up for —
 * eslint when an ESLint config exists, tsc when tsconfig.json exists, ruff and mypy when their
 * config exists — and merges their findings into one diagnostics artifact, like the Problems panel
 * of an editor. A configured analyzer that is not installed fails the step (a silent gap in the
 * checks would read as "no problems"); an analyzer that crashes fails it too.
 */
import { z } from 'zod';
import { stepErrorFrom } from '../../process/step-failure.js';
import type { Adapter, AvailabilityContext, StepContext, StepResult } from '../../types.js';
import {
  createDiagnosticsReport,
  describeSummary,
  summarizeDiagnostics,
  type Diagnostic,
  type DiagnosticsSummary,
} from './diagnostics.js';
import { runDiagnosticsTool } from './diagnostics-tool.js';
import { eslintParamsSchema, eslintTool } from './eslint.js';
import { mypyParamsSchema, mypyTool } from './mypy.js';
import { usesEslint, usesMypy, usesRuff, usesTypeScript } from './project-files.js';
import { ruffParamsSchema, ruffTool } from './ruff.js';
import { tscParamsSchema, tscTool } from './tsc.js';
import { isToolInstalled } from './tool-spec.js';

export const analyzerNames = ['eslint', 'tsc', 'ruff', 'mypy'] as const;
export type AnalyzerName = (typeof analyzerNames)[number];

export const vscodeDiagnosticsParamsSchema = z
  .object({
    analyzers: z
      .array(z.enum(analyzerNames))
      .min(1)
      .optional()
      .describe('Analyzers to run; by default every one whose configuration the project has.'),
  })
  .strict();

export type VscodeDiagnosticsParams = z.infer<typeof vscodeDiagnosticsParamsSchema>;

export interface VscodeDiagnosticsOutputs extends DiagnosticsSummary {
  analyzers: AnalyzerName[];
}

const detectors: Record<AnalyzerName, (projectDir: string) => boolean> = {
  eslint: usesEslint,
  tsc: usesTypeScript,
  ruff: usesRuff,
  mypy: usesMypy,
};

export function detectAnalyzers(projectDir: string): AnalyzerName[] {
  return analyzerNames.filter((name) => detectors[name](projectDir));
}

function runAnalyzer(name: AnalyzerName, context: StepContext): Promise<Diagnostic[]> {
  switch (name) {
    case 'eslint':
      return runDiagnosticsTool(eslintTool, eslintParamsSchema.parse({}), context);
    case 'tsc':
      return runDiagnosticsTool(tscTool, tscParamsSchema.parse({}), context);
    case 'ruff':
      return runDiagnosticsTool(ruffTool, ruffParamsSchema.parse({}), context);
    case 'mypy':
      return runDiagnosticsTool(mypyTool, mypyParamsSchema.parse({}), context);
  }
}

const specs = { eslint: eslintTool.spec, tsc: tscTool.spec, ruff: ruffTool.spec, mypy: mypyTool.spec };

export const vscodeDiagnosticsAdapter: Adapter<VscodeDiagnosticsParams, VscodeDiagnosticsOutputs> = {
  id: 'vscode_diagnostics',
  kind: 'deterministic',
  effects: ['run_command'],
  readOnly: () => true,
  version: '1.0.0',
  description:
    'Runs the analyzers the project is configured for (eslint, tsc, ruff, mypy) into one diagnostics artifact.',
  params: vscodeDiagnosticsParamsSchema,
  available(context: AvailabilityContext) {
    const missing = detectAnalyzers(context.projectDir).filter(
      (name) => !isToolInstalled(specs[name], context.projectDir, context.env),
    );
    if (missing.length === 0) return Promise.resolve({ available: true });
    return Promise.resolve({
      available: false,
      reason: `configured but not installed: ${missing.join(', ')}`,
      remedy: missing.map((name) => specs[name].install).join('; '),
    });
  },
  cacheInputs: () => ({
    files: [
      '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,py,pyi}',
      'eslint.config.*',
      '.eslintrc*',
      'tsconfig*.json',
      'package.json',
      'pyproject.toml',
      'ruff.toml',
      '.ruff.toml',
      'mypy.ini',
      'setup.cfg',
    ],
    env: [],
  }),
  async execute(params, context): Promise<StepResult<VscodeDiagnosticsOutputs>> {
    const analyzers = params.analyzers ?? detectAnalyzers(context.workDir);
    try {
      const diagnostics: Diagnostic[] = [];
      for (const name of analyzers) diagnostics.push(...(await runAnalyzer(name, context)));
      const artifactPath = context.artifacts.primary('artifacts/diagnostics.json', '.json');
      const tool = analyzers.length === 0 ? 'none' : analyzers.join('+');
      const record = await context.artifacts.write(
        artifactPath,
        `${JSON.stringify(createDiagnosticsReport(tool, diagnostics), null, 2)}\n`,
      );
      const summary = summarizeDiagnostics(diagnostics);
      const description =
        analyzers.length === 0
          ? 'no analyzer configured in the project'
          : `${tool}: ${describeSummary(summary)}`;
      return {
        status: 'succeeded',
        outputs: { ...summary, analyzers },
        artifacts: [record],
        summary: description,
      };
    } catch (error) {
      return {
        status: 'failed',
        outputs: { ...summarizeDiagnostics([]), analyzers },
        error: stepErrorFrom(error),
      };
    }
  },
};
