import type { Command } from 'commander';
import { registerAdaptersCommands } from './adapters-commands.js';
import { registerApprovalsCommands } from './approvals-commands.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerConfigCommands } from './config-commands.js';
import { registerCacheCommands } from './cache-commands.js';
import { registerContextCommands } from './context-commands.js';
import { registerDbCommands } from './db-commands.js';
import { registerIssueCommands } from './issue-commands.js';
import { registerPrCommands } from './pr-commands.js';
import { registerLogsCommands } from './logs-commands.js';
import { registerMetricsCommands } from './metrics-commands.js';
import { registerPauseCommands } from './pause-commands.js';
import { registerPolicyCommands } from './policy-commands.js';
import { registerRollbackCommands } from './rollback-commands.js';
import { registerRunCommands } from './run-commands.js';
import { registerStatusCommands } from './status-commands.js';
import { registerVerifyCommands } from './verify-commands.js';
import { registerWorkspacesCommands } from './workspaces-commands.js';

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
  registerMetricsCommands(program);
  registerApprovalsCommands(program);
  registerPauseCommands(program);
  registerStatusCommands(program);
  registerRollbackCommands(program);
  registerIssueCommands(program);
  registerPrCommands(program);
  registerWorkspacesCommands(program);
}
