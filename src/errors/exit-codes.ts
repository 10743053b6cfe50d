/**
 * Process exit codes shared by every command (documented in docs/cli.md).
 */
export const ExitCode = {
  success: 0,
  failure: 1,
  usage: 2,
  waiting: 3,
  cancelled: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
