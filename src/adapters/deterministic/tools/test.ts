/**
 * `test`: runs the project's tests and writes `test_report.json` (schemas/test-report.schema.json).
 * Either `runner:` (vitest, jest, node — with their JSON/JUnit reporters wired to a temporary report
 * file; `junit` for anything else that writes JUnit XML) or `command:` as argv, where `{report}`
 * stands for the report file Ouro reads (or `report:` names the file the command writes). Without
 * either, the runner is detected from the project (vitest, then jest).
 */
import path from 'node:path';
import { z } from 'zod';
import { OuroError } from '../../../errors/index.js';
import { stepErrorFrom } from '../../process/step-failure.js';
import { projectPathSchema } from '../../process/workflow-paths.js';
import type { Adapter, StepContext, StepResult } from '../../types.js';
import { detectTestRunner } from './project-files.js';
import { runTestCommand, type TestCommand, type TestOutputs } from './test-command.js';
import { toolAvailability, type ToolSpec } from './tool-spec.js';

export const testRunners = ['vitest', 'jest', 'node', 'junit'] as const;
export type TestRunner = (typeof testRunners)[number];

export const testParamsSchema = z
  .object({
    command: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('argv of the test command; `{report}` is replaced by the report file Ouro reads.'),
    runner: z.enum(testRunners).optional().describe('Use this runner with its default argv and reporter.'),
    report: projectPathSchema
      .optional()
      .describe('Report file the command writes (JUnit .xml or jest/vitest .json).'),
    format: z
      .enum(['junit', 'json'])
      .optional()
      .describe('Report format, when the file extension does not say.'),
    args: z.array(z.string()).default([]).describe('Extra arguments appended to the runner default argv.'),
    allow_failures: z
      .boolean()
      .default(false)
      .describe(
        'Report failing tests (outputs, test_report.json) without failing the step; a later step or gate decides.',
      ),
  })
  .strict()
  .superRefine((params, context) => {
    if (params.runner === 'junit' && (params.command === undefined || params.report === undefined)) {
      context.addIssue({
        code: 'custom',
        message: 'runner "junit" needs `command` and `report` (the JUnit XML file it writes)',
      });
    }
    if (params.command !== undefined && params.args.length > 0) {
      context.addIssue({
        code: 'custom',
        message: '`args` extends a runner default argv; put them in `command` instead',
      });
    }
  });

export type TestParams = z.infer<typeof testParamsSchema>;

export const runnerSpecs: Record<Exclude<TestRunner, 'junit'>, ToolSpec> = {
  vitest: { name: 'vitest', executable: 'vitest', install: 'npm i -D vitest' },
  jest: { name: 'jest', executable: 'jest', install: 'npm i -D jest' },
  node: { name: 'node', executable: 'node', install: 'Install Node.js ≥ 20.' },
};

const runnerArgs: Record<Exclude<TestRunner, 'junit'>, string[]> = {
  vitest: ['run', '--reporter=json', '--outputFile={report}'],
  jest: ['--json', '--outputFile={report}'],
  node: ['--test', '--test-reporter=junit', '--test-reporter-destination={report}'],
};

/** The report's tool name, guessed from the argv (`npx vitest run` → vitest). */
function toolFromArgv(argv: readonly string[]): string {
  const known = ['vitest', 'jest', 'pytest', 'mocha', 'node'];
  for (const argument of argv) {
    const base = path.basename(argument);
    if (known.includes(base)) return base;
  }
  return path.basename(argv[0] ?? 'test');
}

function commandFromArgv(params: TestParams, argv: [string, ...string[]], tool: string): TestCommand {
  const [program, ...args] = argv;
  const command: TestCommand = {
    tool,
    spec: { name: tool, executable: program, install: `Install ${program}, or fix the step's \`command:\`.` },
    args,
  };
  if (params.report !== undefined) command.reportPath = params.report;
  if (params.format !== undefined) command.format = params.format;
  return command;
}

export function resolveTestCommand(params: TestParams, projectDir: string): TestCommand {
  if (params.command !== undefined) {
    const argv = params.command as [string, ...string[]];
    return commandFromArgv(params, argv, params.runner ?? toolFromArgv(argv));
  }
  const runner = params.runner ?? detectTestRunner(projectDir);
  if (runner === undefined) {
    throw new OuroError('OURO_ADAPTER_PARAMS_INVALID', {
      adapter: 'test',
      reason: 'no `command` or `runner` given and no vitest or jest setup found in the project',
    });
  }
  if (runner === 'junit') {
    throw new OuroError('OURO_ADAPTER_PARAMS_INVALID', {
      adapter: 'test',
      reason: 'runner "junit" needs `command`',
    });
  }
  return {
    tool: runner,
    spec: runnerSpecs[runner],
    args: [...runnerArgs[runner], ...params.args],
    format: runner === 'node' ? 'junit' : 'json',
  };
}

export const testAdapter: Adapter<TestParams, TestOutputs> = {
  id: 'test',
  kind: 'deterministic',
  effects: ['run_command'],
  // Running the project's tests is the check Ouro relies on; shadow mode lets it run.
  readOnly: () => true,
  version: '1.0.0',
  description:
    'Runs a test command (vitest, jest, node --test, or anything writing JUnit XML) and writes test_report.json.',
  params: testParamsSchema,
  async available(context) {
    const runner = detectTestRunner(context.projectDir);
    // Without a detectable runner the step must name its own command, which is checked when it runs.
    if (runner === undefined) return { available: true };
    return toolAvailability(runnerSpecs[runner], context);
  },
  cacheInputs: () => ({
    files: [
      '**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts,json,py}',
      'package.json',
      'vitest.config.*',
      'jest.config.*',
      'tsconfig*.json',
    ],
    env: ['NODE_ENV', 'CI'],
  }),
  async execute(params: TestParams, context: StepContext): Promise<StepResult<TestOutputs>> {
    let command: TestCommand;
    try {
      command = resolveTestCommand(params, context.workDir);
    } catch (error) {
      return {
        status: 'failed',
        outputs: { total: 0, passed: 0, failed: 0, skipped: 0 },
        error: stepErrorFrom(error),
      };
    }
    return runTestCommand({ ...command, allowFailures: params.allow_failures }, context);
  },
};
