/**
 * `mypy`: runs mypy with machine-friendly text output (column numbers, error ends, codes, no
 * summary, no colour), which every mypy version since 0.9xx prints. Exit 1 means type errors; exit 2
 * (or errors without a position, such as `mypy: error: …`) means mypy could not check and fails
 * the step.
 */
import { z } from 'zod';
import { projectPathSchema } from '../../process/workflow-paths.js';
import { createDiagnosticsAdapter, type DiagnosticsTool } from './diagnostics-tool.js';
import { fileListArgs, fileListSchema } from './file-list.js';
import { parseMypyOutput } from './parse-mypy.js';
import { firstOutputLine, toolFailure } from './run-tool.js';
import type { ToolSpec } from './tool-spec.js';

export const mypyParamsSchema = z
  .object({
    files: fileListSchema.default('.'),
    config_file: projectPathSchema.optional().describe('A config file other than the one mypy finds itself.'),
  })
  .strict();

export type MypyParams = z.infer<typeof mypyParamsSchema>;

export const mypySpec: ToolSpec = { name: 'mypy', executable: 'mypy', install: 'pip install mypy' };

export const mypyTool: DiagnosticsTool<MypyParams> = {
  spec: mypySpec,
  buildArgs: (params) => [
    '--show-column-numbers',
    '--show-error-end',
    '--show-error-codes',
    '--no-error-summary',
    '--no-pretty',
    '--no-color-output',
    ...(params.config_file === undefined ? [] : ['--config-file', params.config_file]),
    ...fileListArgs(params.files),
  ],
  interpret(run, _params, context) {
    const { diagnostics, problems } = parseMypyOutput(`${run.stdout}\n${run.stderr}`, context.workDir);
    if (run.exitCode !== 0 && run.exitCode !== 1) {
      throw toolFailure(
        mypySpec,
        run.commandLine,
        `exit code ${run.exitCode}: ${problems[0] ?? firstOutputLine(run)}`,
        run,
      );
    }
    if (problems.length > 0 || (run.exitCode === 1 && diagnostics.length === 0)) {
      throw toolFailure(mypySpec, run.commandLine, problems[0] ?? firstOutputLine(run), run);
    }
    return diagnostics;
  },
};

export const mypyAdapter = createDiagnosticsAdapter({
  id: 'mypy',
  version: '1.0.0',
  description: 'Type-checks Python with mypy and writes a diagnostics artifact.',
  params: mypyParamsSchema,
  tool: mypyTool,
  cacheInputs: (params) => ({
    files: [
      '**/*.py',
      '**/*.pyi',
      'pyproject.toml',
      'mypy.ini',
      '.mypy.ini',
      'setup.cfg',
      ...(params.config_file === undefined ? [] : [params.config_file]),
    ],
    env: ['MYPYPATH'],
  }),
});
