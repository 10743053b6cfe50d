import { defineErrors } from '../error-definition.js';

export const configErrors = defineErrors({
  OURO_CONFIG_INVALID: {
    message: 'Invalid configuration: {message}',
    remedy: 'Fix the value at the path shown; `ouro validate-config` lists every problem.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_CONFIG_NOT_FOUND: {
    message: 'Config file not found: {path}',
    remedy: 'Run `ouro init` to create one, or pass --config <file>.',
    retryable: false,
    exitCode: 2,
    httpStatus: 404,
  },
  OURO_CONFIG_KEY_UNKNOWN: {
    message: 'Unknown config key: {key}',
    remedy: 'Use a dotted key from docs/config.md, e.g. `orchestrator.mode`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
  OURO_YAML_SYNTAX: {
    message: 'YAML syntax error in {file} at line {line}, column {column}: {message}',
    remedy: 'Fix the YAML at the position shown (indentation, quotes, duplicate keys).',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
