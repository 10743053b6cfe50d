/**
 * `ruff`: `ruff check --output-format json`. Exit 1 means violations; exit 2 means ruff stopped
 * (invalid configuration, a CLI error) and fails the step. `fix: true` applies safe fixes first.
 */
import { z } from 'zod';
import { createDiagnosticsAdapter, type DiagnosticsTool } from './diagnostics-tool.js';
import { fileListArgs, fileListSchema } from './file-list.js';
import { parseRuffJson } from './parse-ruff.js';
import { firstOutputLine, toolFailure } from './run-tool.js';
import type { ToolSpec } from './tool-spec.js';

export const ruffParamsSchema = z
  .object({
    files: fileListSchema.default('.'),
    fix: z
      .boolean()
      .default(false)
      .describe('Apply ruff fixes in place (ruff check --fix) and report what remains.'),
  })
  .strict();

export type RuffParams = z.infer<typeof ruffParamsSchema>;

export const ruffSpec: ToolSpec = {
  name: 'ruff',
  executable: 'ruff',
  install: 'pip install ruff (or uv tool install ruff)',
};

export const ruffTool: DiagnosticsTool<RuffParams> = {
  spec: ruffSpec,
  buildArgs: (params) => [
    'check',
    '--output-format',
    'json',
    '--no-cache',
    ...(params.fix ? ['--fix'] : []),
    ...fileListArgs(params.files),
  ],
  interpret(run, _params, context) {
    if (run.exitCode !== 0 && run.exitCode !== 1) {
      throw toolFailure(ruffSpec, run.commandLine, `exit code ${run.exitCode}: ${firstOutputLine(run)}`, run);
    }
    return parseRuffJson(run.stdout, context.workDir);
  },
};

export const ruffAdapter = createDiagnosticsAdapter({
  readOnly: (params) => !params.fix,
  id: 'ruff',
  version: '1.0.0',
  description: 'Lints Python with ruff check and writes a diagnostics artifact.',
  params: ruffParamsSchema,
  tool: ruffTool,
  // With `fix` the step changes the project: never cached.
  cacheInputs: (params) =>
    params.fix
      ? undefined
      : { files: ['**/*.py', '**/*.pyi', 'pyproject.toml', 'ruff.toml', '.ruff.toml'], env: [] },
});
