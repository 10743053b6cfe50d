/**
 * `pytest` (and its runbook alias `pytest_runner`): runs pytest with `--junitxml` into a temporary
 * file and writes test_report.json. pytest's exit codes: 0 passed, 1 tests failed, 5 no tests
 * collected (a success with total 0); 2 interrupted, 3 internal error, 4 usage error fail the step.
 */
import { z } from 'zod';
import type { Adapter, StepContext, StepResult } from '../../types.js';
import { fileListArgs, fileListSchema } from './file-list.js';
import { runTestCommand, type TestOutputs } from './test-command.js';
import { toolAvailability, type ToolSpec } from './tool-spec.js';

export const pytestParamsSchema = z
  .object({
    files: fileListSchema
      .optional()
      .describe('Test paths or node ids; pytest finds tests itself when omitted.'),
    args: z.array(z.string()).default([]).describe('Extra pytest arguments (e.g. ["-k", "smoke", "-x"]).'),
    allow_failures: z
      .boolean()
      .default(false)
      .describe(
        'Report failing tests (outputs, test_report.json) without failing the step; a later step or gate decides.',
      ),
  })
  .strict();

export type PytestParams = z.infer<typeof pytestParamsSchema>;

export const pytestSpec: ToolSpec = { name: 'pytest', executable: 'pytest', install: 'pip install pytest' };

export const pytestAdapter: Adapter<PytestParams, TestOutputs> = {
  id: 'pytest',
  kind: 'deterministic',
  effects: ['run_command'],
  // Running the project's tests is the check Ouro relies on; shadow mode lets it run.
  readOnly: () => true,
  version: '1.0.0',
  description: 'Runs pytest (JUnit XML report) and writes test_report.json.',
  params: pytestParamsSchema,
  available: (context) => toolAvailability(pytestSpec, context),
  cacheInputs: () => ({
    files: ['**/*.py', 'pyproject.toml', 'pytest.ini', 'setup.cfg', 'tox.ini', 'conftest.py'],
    env: ['PYTHONPATH'],
  }),
  execute(params: PytestParams, context: StepContext): Promise<StepResult<TestOutputs>> {
    return runTestCommand(
      {
        tool: 'pytest',
        spec: pytestSpec,
        args: [
          '--junitxml={report}',
          '-p',
          'no:cacheprovider',
          ...params.args,
          ...(params.files === undefined ? [] : fileListArgs(params.files)),
        ],
        format: 'junit',
        extraSuccessExitCodes: [5],
        allowFailures: params.allow_failures,
      },
      context,
    );
  },
};

export const pytestRunnerAdapter: Adapter<PytestParams, TestOutputs> = {
  ...pytestAdapter,
  id: 'pytest_runner',
  aliasOf: 'pytest',
  description: 'Alias of `pytest` (the runbook actor name).',
};
