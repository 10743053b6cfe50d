import { defineErrors } from '../error-definition.js';

const verifyProblem = (message: string, remedy: string) =>
  ({ message, remedy, retryable: false, exitCode: 2, httpStatus: 400 }) as const;

export const workflowErrors = defineErrors({
  OURO_WORKFLOW_INVALID: verifyProblem(
    'Invalid workflow {file}: {message}',
    'Run `ouro verify {file}` to list every problem with its line and column.',
  ),
  OURO_WORKFLOW_NOT_FOUND: {
    message: 'Workflow {name} not found',
    remedy: 'Pass a path to a YAML file, or a name from the workflows directory (default .ai/workflows).',
    retryable: false,
    exitCode: 2,
    httpStatus: 404,
  },
  OURO_WORKFLOW_SCHEMA: verifyProblem('{message}', 'See docs/workflows.md for the workflow format.'),
  OURO_WORKFLOW_UNKNOWN_KEY: verifyProblem(
    'Unknown key "{key}"',
    'Remove the key or fix its spelling; docs/workflows.md lists every key.',
  ),
  OURO_WORKFLOW_UNKNOWN_ACTOR: verifyProblem(
    'Unknown actor "{actor}"',
    'Use an actor listed by `ouro adapters list`.',
  ),
  OURO_WORKFLOW_PARAMS_INVALID: verifyProblem(
    'Invalid parameters for actor {actor}: {message}',
    'See docs/adapters.md for the parameters of each actor.',
  ),
  OURO_WORKFLOW_DUPLICATE_STEP_ID: verifyProblem('Duplicate step id {id}', 'Give every step a unique id.'),
  OURO_WORKFLOW_UNKNOWN_DEPENDENCY: verifyProblem(
    'depends_on names unknown step {id}',
    'Use the id of a step of the same workflow.',
  ),
  OURO_WORKFLOW_CYCLE: verifyProblem(
    'Dependency cycle: {cycle}',
    'Remove one of the depends_on entries so the steps form a DAG.',
  ),
  OURO_WORKFLOW_EMITS_OUTSIDE_ARTIFACTS: verifyProblem(
    'emits path {path} is outside the artifacts directory',
    'Declare artifacts as relative paths starting with artifacts/.',
  ),
  OURO_WORKFLOW_CHANGED: {
    message: 'The workflow file {file} changed since run {runId} started',
    remedy: 'Restore the workflow as it was, or pass --force to resume with the new definition.',
    retryable: false,
    exitCode: 2,
    httpStatus: 409,
  },
  OURO_INPUT_UNKNOWN: verifyProblem('Unknown input "{name}"', 'The workflow declares these inputs: {known}.'),
  OURO_INPUT_INVALID: verifyProblem('Invalid --input "{value}"', 'Write inputs as --input name=value.'),
  OURO_SCHEMA_VALIDATION_FAILED: {
    message: '{file} does not match the schema {schema}',
    remedy: 'Fix the values at the paths listed.',
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
});
