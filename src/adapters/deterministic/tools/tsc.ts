/**
 * `tsc`: type-checks the project with `tsc --noEmit --pretty false -p <project>`. Exit 1 or 2 with
 * positioned errors are findings. A non-zero exit without any diagnostic (a crash), or errors that
 * mean the compiler could not check anything (TS5xxx option errors, a missing tsconfig, no inputs),
 * fail the step: an empty or wrong type check must not read as "no type errors".
 */
import { z } from 'zod';
import { projectPathSchema } from '../../process/workflow-paths.js';
import { createDiagnosticsAdapter, type DiagnosticsTool } from './diagnostics-tool.js';
import { isTscConfigError, parseTscOutput } from './parse-tsc.js';
import { firstOutputLine, toolFailure } from './run-tool.js';
import type { ToolSpec } from './tool-spec.js';

export const tscParamsSchema = z
  .object({
    project: projectPathSchema.default('tsconfig.json').describe('The tsconfig to check (tsc -p).'),
  })
  .strict();

export type TscParams = z.infer<typeof tscParamsSchema>;

export const tscSpec: ToolSpec = { name: 'tsc', executable: 'tsc', install: 'npm i -D typescript' };

export const tscTool: DiagnosticsTool<TscParams> = {
  spec: tscSpec,
  buildArgs: (params) => ['--noEmit', '--pretty', 'false', '-p', params.project],
  interpret(run, params, context) {
    const diagnostics = parseTscOutput(`${run.stdout}\n${run.stderr}`, context.workDir, params.project);
    const configError = diagnostics.find((diagnostic) => isTscConfigError(diagnostic.code));
    if (configError !== undefined) {
      throw toolFailure(tscSpec, run.commandLine, `${configError.code}: ${configError.message}`, run);
    }
    if (run.exitCode !== 0 && diagnostics.length === 0) {
      throw toolFailure(
        tscSpec,
        run.commandLine,
        `exit code ${run.exitCode} without diagnostics: ${firstOutputLine(run)}`,
        run,
      );
    }
    return diagnostics;
  },
};

export const tscAdapter = createDiagnosticsAdapter({
  id: 'tsc',
  version: '1.0.0',
  description: 'Type-checks the project with tsc --noEmit and writes a diagnostics artifact.',
  params: tscParamsSchema,
  tool: tscTool,
  cacheInputs: (params) => ({
    files: ['**/*.{ts,tsx,mts,cts,d.ts,js,jsx,json}', params.project, 'package.json'],
    env: [],
  }),
});
