import { defineErrors } from '../error-definition.js';

export const adapterErrors = defineErrors({
  OURO_ADAPTER_UNAVAILABLE: {
    message: 'Adapter {adapter} is not available: {reason}',
    remedy: '{install}',
    retryable: false,
    exitCode: 1,
    httpStatus: 503,
  },
  OURO_ADAPTER_UNKNOWN: {
    message: 'Unknown actor "{actor}"',
    remedy: 'Use one of the actors listed by `ouro adapters list`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_ADAPTER_PARAMS_INVALID: {
    message: 'Invalid `with:` for actor {adapter}: {reason}',
    remedy: "Fix the step's `with:` block; docs/adapters.md lists every parameter.",
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_PROCESS_SPAWN_FAILED: {
    message: 'Could not start "{command}": {reason}',
    remedy:
      'Check that the program is installed and on PATH (or in node_modules/.bin) and that the working directory exists.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_SHELL_EXIT_NONZERO: {
    message: 'Command {command} exited with code {exitCode}',
    remedy:
      'Read the stderr artifact {stderrArtifact}; set `allow_failure: true` if a non-zero exit is expected.',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_SHELL_TIMEOUT: {
    message: 'Command {command} did not finish within {seconds} s and was killed',
    remedy: "Raise `timeout_seconds` in the step's `with:` block, or find why the command hangs.",
    retryable: true,
    exitCode: 1,
    httpStatus: 504,
  },
  OURO_SHELL_KILLED: {
    message: 'Command {command} was killed by signal {signal}',
    remedy: 'Something outside Ouro killed the process (out of memory?); check the system log.',
    retryable: true,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_ARTIFACT_PATH_INVALID: {
    message: 'Artifact path "{path}" is not under artifacts/ of the run',
    remedy: 'Use a relative workflow path such as `artifacts/report.json`, without `..`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_ARTIFACT_NOT_FOUND: {
    message: 'Artifact {path} does not exist in this run',
    remedy: 'Make sure an earlier step `emits` it and that this step `needs` that step.',
    retryable: false,
    exitCode: 1,
    httpStatus: 404,
  },
  OURO_ARTIFACT_INVALID: {
    message: 'Artifact {path} is not valid: {reason}',
    remedy: 'Check the step that wrote it; the expected format is described in docs/adapters.md.',
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
  OURO_GIT_FAILED: {
    message: 'git {action} failed: {reason}',
    remedy:
      "Run the same git command in the project directory to see the problem; the details hold git's stderr.",
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_GIT_NOT_A_REPOSITORY: {
    message: '{path} is not inside a git repository',
    remedy: 'Run the workflow in a git checkout, or `git init` the project first.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_GIT_BRANCH_CONFLICT: {
    message: 'Branch {name} already exists at {existing}, not at {wanted}',
    remedy: 'Pick another branch name, or delete the existing branch if it is stale.',
    retryable: false,
    exitCode: 1,
    httpStatus: 409,
  },
  OURO_GATE_FAILED: {
    message: '{count} gate(s) failed: {reasons}',
    remedy: "Read {gatesArtifact} for each gate's reasons and fix them, or relax the gate in the workflow.",
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
});
