/** Errors of the policy layer: guards, risk assessment and `ouro policy check`. */
import { defineErrors } from '../error-definition.js';

export const policyErrors = defineErrors({
  OURO_POLICY_OPTIONS_INVALID: {
    message: 'Invalid policy check options: {reason}',
    remedy:
      'Give either --diff <file>, or --base <ref> with --head <ref>, or neither (working tree against HEAD).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_POLICY_DIFF_UNREADABLE: {
    message: 'Cannot read the diff file {path}: {reason}',
    remedy: 'Check the path given to --diff (relative to the project directory) and that it is readable.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_POLICY_GIT_DIFF_FAILED: {
    message: 'git diff {range} failed: {reason}',
    remedy:
      'Run the command inside a git repository (or point -C at one) and check that the refs exist (git rev-parse <ref>).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
