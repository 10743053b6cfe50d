/**
 * `prettier`: `mode: check` lists the files Prettier would change (`--list-different`), one
 * `format` error per file; `mode: write` reformats them in place (`--write --list-different`) and
 * reports each changed file as `info`. Exit 1 means "some files differ". Exit 2 is a finding only
 * when Prettier named a file it could not parse; otherwise (bad config, no matching files) it fails
 * the step.
 */
import { z } from 'zod';
import { createDiagnosticsAdapter, type DiagnosticsTool } from './diagnostics-tool.js';
import { fileListArgs, fileListSchema } from './file-list.js';
import { parsePrettierOutput } from './parse-prettier.js';
import { prettierConfigFiles } from './project-files.js';
import { firstOutputLine, toolFailure } from './run-tool.js';
import type { ToolSpec } from './tool-spec.js';

export const prettierParamsSchema = z
  .object({
    mode: z.enum(['check', 'write']).default('check'),
    files: fileListSchema.default('.').describe('Paths or globs, relative to the project.'),
  })
  .strict();

export type PrettierParams = z.infer<typeof prettierParamsSchema>;

export const prettierSpec: ToolSpec = {
  name: 'prettier',
  executable: 'prettier',
  install: 'npm i -D prettier',
};

export const prettierTool: DiagnosticsTool<PrettierParams> = {
  spec: prettierSpec,
  buildArgs: (params) => [
    ...(params.mode === 'write' ? ['--write'] : []),
    '--list-different',
    '--no-color',
    ...fileListArgs(params.files),
  ],
  interpret(run, params, context) {
    const diagnostics = parsePrettierOutput(`${run.stdout}\n${run.stderr}`, context.workDir, {
      mode: params.mode,
    });
    const parseErrors = diagnostics.filter((diagnostic) => diagnostic.code === 'syntax-error');
    if (run.exitCode === 2 && parseErrors.length === 0) {
      throw toolFailure(prettierSpec, run.commandLine, `exit code 2: ${firstOutputLine(run)}`, run);
    }
    if (run.exitCode !== 0 && run.exitCode !== 1 && run.exitCode !== 2) {
      throw toolFailure(
        prettierSpec,
        run.commandLine,
        `exit code ${run.exitCode}: ${firstOutputLine(run)}`,
        run,
      );
    }
    return diagnostics;
  },
};

export const prettierAdapter = createDiagnosticsAdapter({
  readOnly: (params) => params.mode === 'check',
  id: 'prettier',
  version: '1.0.0',
  description: "Checks (or writes) formatting with the project's Prettier and writes a diagnostics artifact.",
  params: prettierParamsSchema,
  tool: prettierTool,
  // `write` changes the project: a cache hit would skip the formatting, so it is never cached.
  cacheInputs: (params) =>
    params.mode === 'write'
      ? undefined
      : {
          files: [
            '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,md,css,scss,html,yaml,yml,vue}',
            ...prettierConfigFiles,
            '.prettierignore',
            '.gitignore',
            'package.json',
          ],
          env: [],
        },
});
