import { defineErrors } from '../error-definition.js';

/** Failures of the tool adapters (eslint, tsc, prettier, ruff, mypy, test runners, fixers). */
export const toolErrors = defineErrors({
  OURO_TOOL_FAILED: {
    message: '{tool} failed without a usable result: {reason}',
    remedy:
      "Run `{command}` in the project directory to see the problem (the step's error details hold the tool's stderr); usually the tool's configuration is broken.",
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
  OURO_TOOL_OUTPUT_INVALID: {
    message: 'Could not read the output of {tool}: {reason}',
    remedy:
      'Check that the installed {tool} supports the output format Ouro asks for (docs/adapters.md, "Tool adapters").',
    retryable: false,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_TESTS_FAILED: {
    message: '{failed} of {total} tests failed',
    remedy: 'Read {artifact} for each failure (file, line, message) and fix the code or the tests.',
    retryable: false,
    exitCode: 1,
    httpStatus: 422,
  },
  OURO_TEST_REPORT_MISSING: {
    message: 'The test command finished (exit code {exitCode}) but wrote no report at {path}',
    remedy:
      'Make the command write its report where `report:` points (e.g. `--reporter=json --outputFile=…` for vitest, `--junitxml=…` for pytest).',
    retryable: false,
    exitCode: 1,
    httpStatus: 500,
  },
});
