import type { Command } from 'commander';

/** Registers every command on the program; one module per command group. */
export function registerCommands(program: Command): void {
  void program;
}
