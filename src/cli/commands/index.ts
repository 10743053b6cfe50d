import type { Command } from 'commander';
import { registerAdaptersCommands } from './adapters-commands.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerConfigCommands } from './config-commands.js';
import { registerCacheCommands } from './cache-commands.js';
import { registerContextCommands } from './context-commands.js';
import { registerDbCommands } from './db-commands.js';
import { registerLogsCommands } from './logs-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerRunCommands } from './run-commands.js';
import { registerVerifyCommands } from './verify-commands.js';

/** Registers every command on the program; one module per command group. */
export function registerCommands(program: Command): void {
  void program;
  registerConfigCommands(program);
  registerAdaptersCommands(program);
  registerRunCommands(program);
  registerVerifyCommands(program);
  registerCacheCommands(program);
  registerDbCommands(program);
  registerLogsCommands(program);
  registerContextCommands(program);
  registerAuditCommands(program);
  registerPolicyCommands(program);
}
