/**
 * `eslint`: runs the project's ESLint with the JSON formatter. Exit 0 and 1 are normal (1 = there
 * are findings); exit 2 means ESLint could not lint (bad config, no matching files, a crash) and
 * fails the step with its stderr. `fix: true` applies ESLint's fixes in place first and reports
 * what remains.
 */
import { z } from 'zod';
import { projectPathSchema } from '../../process/workflow-paths.js';
import { createDiagnosticsAdapter, type DiagnosticsTool } from './diagnostics-tool.js';
import { fileListArgs, fileListSchema } from './file-list.js';
import { parseEslintJson } from './parse-eslint.js';
import { eslintConfigFiles } from './project-files.js';
import { firstOutputLine, toolFailure } from './run-tool.js';
import type { ToolSpec } from './tool-spec.js';

export const eslintParamsSchema = z
  .object({
    files: fileListSchema.default('.').describe('Paths or globs to lint, relative to the project.'),
    fix: z.boolean().default(false).describe('Apply fixes in place (eslint --fix) and report what remains.'),
    config: projectPathSchema.optional().describe('A config file other than the one ESLint finds itself.'),
  })
  .strict();

export type EslintParams = z.infer<typeof eslintParamsSchema>;

export const eslintSpec: ToolSpec = { name: 'eslint', executable: 'eslint', install: 'npm i -D eslint' };

export const eslintTool: DiagnosticsTool<EslintParams> = {
  spec: eslintSpec,
  buildArgs(params) {
    return [
      '--format',
      'json',
      ...(params.fix ? ['--fix'] : []),
      ...(params.config === undefined ? [] : ['--config', params.config]),
      ...fileListArgs(params.files),
    ];
  },
  interpret(run, _params, context) {
    if (run.exitCode !== 0 && run.exitCode !== 1) {
      throw toolFailure(
        eslintSpec,
        run.commandLine,
        `exit code ${run.exitCode}: ${firstOutputLine(run)}`,
        run,
      );
    }
    return parseEslintJson(run.stdout, context.workDir);
  },
};

export const eslintAdapter = createDiagnosticsAdapter({
  readOnly: (params) => !params.fix,
  id: 'eslint',
  version: '1.0.0',
  description: "Runs the project's ESLint (JSON formatter) and writes a diagnostics artifact.",
  params: eslintParamsSchema,
  tool: eslintTool,
  // With `fix` the step changes the project: a cache hit would skip the fixes, so it is never cached.
  cacheInputs: (params) =>
    params.fix
      ? undefined
      : {
          files: [
            '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,vue,svelte}',
            ...eslintConfigFiles,
            'package.json',
            'tsconfig*.json',
            '.eslintignore',
            ...(params.config === undefined ? [] : [params.config]),
          ],
          env: [],
        },
});
