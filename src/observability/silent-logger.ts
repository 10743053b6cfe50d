import type { Logger } from './logger-types.js';

/** A logger that drops everything: for benchmarks and tests that do not look at logs. */
export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  child: () => silentLogger,
};
