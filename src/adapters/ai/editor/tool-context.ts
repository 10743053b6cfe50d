/**
 * What every editor tool needs: the confined working directory, the change tracker, the policy hook
 * and the command allowlist. A tool never throws for a problem the model caused (bad path, no match,
 * command not allowed): it answers with an error result the model can act on.
 */
import type { ChangeTracker } from './change-tracker.js';
import type { PathPolicy } from './workspace-path.js';

export interface EditorToolContext {
  /** The working directory, as a real path. */
  root: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  tracker: ChangeTracker;
  isPathAllowed: PathPolicy | undefined;
  /**
   * Asked before every write, create or delete: undefined lets it happen, a text refuses it (the
   * policy on protected paths) and is what the model is told.
   */
  guardWrite?: (relative: string) => Promise<string | undefined>;
  /** argv prefixes a command must start with to run. */
  allowedCommands: string[][];
  commandTimeoutMs: number;
}

export interface ToolOutcome {
  text: string;
  isError: boolean;
}

export const toolResult = (text: string): ToolOutcome => ({ text, isError: false });
export const toolError = (text: string): ToolOutcome => ({ text, isError: true });

/** Caps a tool answer so one huge file or output cannot fill the context window. */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n… [${text.length - limit} more characters cut]`;
}
