/**
 * What one coding-agent CLI contributes to the shared runner: its program, its `with:` schema, how
 * Ouro's parameters become its command line and environment, and a parser for its output. Everything
 * else (permissions, scrubbing, timeout, budget kill, diff, transcript, usage) is common.
 */
import type { ZodType } from 'zod';
import type { AgentCommonParams, AgentPermission } from './agent-params.js';
import type { AgentOutputParser, AgentSession } from './agent-session.js';

export interface AgentInvocationContext {
  permission: AgentPermission;
  /** The step's environment (already filtered by the engine); the model key is read from it. */
  env: NodeJS.ProcessEnv;
  workDir: string;
  /** The step's model, else the configured one; undefined → the agent's own default. */
  model: string | undefined;
}

export interface AgentInvocation {
  args: string[];
  /** The complete environment of the agent (built with agentEnvironment). */
  env: NodeJS.ProcessEnv;
  /**
   * Written to the agent's stdin: the task text where the agent reads it from there, which avoids
   * the 128 KiB limit of one command-line argument and options mistaking a task for a flag.
   */
  input?: string;
}

export interface AgentDefinition<P extends AgentCommonParams> {
  id: string;
  version: string;
  description: string;
  /** The program's usual name, looked up in node_modules/.bin and on PATH. */
  executable: string;
  /** How to install it, for `ouro adapters list`. */
  install: string;
  params: ZodType<P>;
  invocation(params: P, context: AgentInvocationContext): AgentInvocation;
  createParser(): AgentOutputParser;
}

/** `agents.<id>` of the configuration (src/config/schema/agents.ts), as the adapters use it. */
export interface AgentSettings {
  command?: string | undefined;
  args?: string[] | undefined;
  model?: string | undefined;
  timeout_minutes?: number | undefined;
  max_cost_usd?: number | undefined;
  enabled?: boolean | undefined;
}

export interface AgentAdapterOptions {
  /** Per-agent settings, normally `config.agents`. */
  agents?: Record<string, AgentSettings>;
  /**
   * Whether a step may set `dangerously_skip_permissions: true`. Off unless the configuration turns
   * it on: even then, a step must also ask for it.
   */
  allowDangerouslySkipPermissions?: boolean;
  /**
   * Prices tokens for agents that report no cost (codex, gemini) or report it only at the end
   * (Claude Code), so the budget kill can act mid-run; normally backed by the models price table.
   * Undefined (or an undefined answer) → only the agent's own reported cost counts.
   */
  estimateCostUsd?: (agent: string, session: AgentSession) => number | undefined;
}

export const defaultAgentTimeoutMinutes = 30;
