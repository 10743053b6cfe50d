/**
 * `code_fixers` (the runbook's actor): runs the automatic fixers the project uses — ruff --fix,
 * isort, eslint --fix, black, prettier --write, in that order so formatters have the last word —
 * and emits the resulting unified diff (`artifacts/fixes.patch`). With `apply: true` (default) the
 * fixes land in the project; with `apply: false` they are computed on a temporary copy and only the
 * diff is emitted. A fixer the project is configured for but that is not installed fails the step,
 * as does a fixer that crashes; findings a fixer cannot fix are not failures (linters report them).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { OuroError } from '../../../errors/index.js';
import { stepErrorFrom } from '../../process/step-failure.js';
import type { Adapter, AvailabilityContext, StepContext, StepResult } from '../../types.js';
import { eslintSpec } from './eslint.js';
import { diffChangedFiles } from './fixes-diff.js';
import { prettierSpec } from './prettier.js';
import { changedFiles, copyProject, linkNodeModules } from './project-copy.js';
import { usesBlack, usesEslint, usesIsort, usesPrettier, usesRuff } from './project-files.js';
import { ruffSpec } from './ruff.js';
import { firstOutputLine, runTool, toolFailure } from './run-tool.js';
import { isToolInstalled, type ToolSpec } from './tool-spec.js';

export const fixerNames = ['ruff', 'isort', 'eslint', 'black', 'prettier'] as const;
export type FixerName = (typeof fixerNames)[number];

interface Fixer {
  spec: ToolSpec;
  args: string[];
  /** Exit codes that mean "ran" (eslint and ruff exit 1 when unfixable findings remain). */
  okExitCodes: number[];
  uses(projectDir: string): boolean;
}

const fixers: Record<FixerName, Fixer> = {
  ruff: { spec: ruffSpec, args: ['check', '--fix', '--no-cache', '.'], okExitCodes: [0, 1], uses: usesRuff },
  isort: {
    spec: { name: 'isort', executable: 'isort', install: 'pip install isort' },
    args: ['.'],
    okExitCodes: [0],
    uses: usesIsort,
  },
  eslint: { spec: eslintSpec, args: ['--fix', '.'], okExitCodes: [0, 1], uses: usesEslint },
  black: {
    spec: { name: 'black', executable: 'black', install: 'pip install black' },
    args: ['--quiet', '.'],
    okExitCodes: [0],
    uses: usesBlack,
  },
  prettier: {
    spec: prettierSpec,
    args: ['--write', '--log-level', 'warn', '.'],
    okExitCodes: [0],
    uses: usesPrettier,
  },
};

export const codeFixersParamsSchema = z
  .object({
    apply: z
      .boolean()
      .default(true)
      .describe('Apply the fixes to the project (true) or only emit the diff (false).'),
    fixers: z
      .array(z.enum(fixerNames))
      .min(1)
      .optional()
      .describe('Fixers to run; by default every one the project is configured for.'),
  })
  .strict();

export type CodeFixersParams = z.infer<typeof codeFixersParamsSchema>;

export interface CodeFixersOutputs extends Record<string, unknown> {
  files_changed: number;
  tools: FixerName[];
  applied: boolean;
}

export function detectFixers(projectDir: string): FixerName[] {
  return fixerNames.filter((name) => fixers[name].uses(projectDir));
}

async function runFixer(name: FixerName, directory: string, context: StepContext): Promise<void> {
  const fixer = fixers[name];
  const run = await runTool(fixer.spec, fixer.args, context, { cwd: directory });
  if (!fixer.okExitCodes.includes(run.exitCode)) {
    throw toolFailure(fixer.spec, run.commandLine, `exit code ${run.exitCode}: ${firstOutputLine(run)}`, run);
  }
}

async function execute(
  params: CodeFixersParams,
  context: StepContext,
): Promise<StepResult<CodeFixersOutputs>> {
  const tools = params.fixers ?? detectFixers(context.workDir);
  const outputs: CodeFixersOutputs = { files_changed: 0, tools, applied: params.apply };
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'ouro-fixers-'));
  try {
    const missing = tools.filter((name) => !isToolInstalled(fixers[name].spec, context.workDir, context.env));
    if (missing.length > 0) {
      throw new OuroError('OURO_ADAPTER_UNAVAILABLE', {
        adapter: 'code_fixers',
        reason: `configured but not installed: ${missing.join(', ')}`,
        install: missing.map((name) => fixers[name].spec.install).join('; '),
      });
    }
    const before = path.join(scratch, 'before');
    await copyProject(context.workDir, before);
    let target = context.workDir;
    if (!params.apply) {
      target = path.join(scratch, 'work');
      await copyProject(context.workDir, target);
      await linkNodeModules(context.workDir, target);
    }
    for (const name of tools) await runFixer(name, target, context);
    const changed = await changedFiles(before, target);
    const patch = await diffChangedFiles(changed, before, target, context);
    const artifactPath = context.artifacts.primary('artifacts/fixes.patch', '.patch');
    const record = await context.artifacts.write(artifactPath, patch);
    outputs.files_changed = changed.length;
    const verb = params.apply ? 'changed' : 'would change';
    const summary =
      tools.length === 0
        ? 'no fixer configured in the project'
        : `${tools.join(', ')} ${verb} ${changed.length} file(s)`;
    return { status: 'succeeded', outputs, artifacts: [record], summary };
  } catch (error) {
    return { status: 'failed', outputs, error: stepErrorFrom(error) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export const codeFixersAdapter: Adapter<CodeFixersParams, CodeFixersOutputs> = {
  id: 'code_fixers',
  kind: 'deterministic',
  effects: ['run_command'],
  version: '1.0.0',
  description:
    'Runs the fixers the project uses (ruff --fix, isort, eslint --fix, black, prettier --write) and emits the diff.',
  params: codeFixersParamsSchema,
  available(context: AvailabilityContext) {
    const missing = detectFixers(context.projectDir).filter(
      (name) => !isToolInstalled(fixers[name].spec, context.projectDir, context.env),
    );
    if (missing.length === 0) return Promise.resolve({ available: true });
    return Promise.resolve({
      available: false,
      reason: `configured but not installed: ${missing.join(', ')}`,
      remedy: missing.map((name) => fixers[name].spec.install).join('; '),
    });
  },
  cacheInputs: (params) =>
    // Applying fixes changes the project: only the side-effect-free mode may be served from cache.
    params.apply
      ? undefined
      : {
          files: [
            '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,md,css,py,pyi}',
            'eslint.config.*',
            '.prettierrc*',
            'pyproject.toml',
            'package.json',
          ],
          env: [],
        },
  execute,
};
