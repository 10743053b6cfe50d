/**
 * What Ouro reads from a coding agent's output, whatever the tool: one shape for the five parsers, so
 * the runner treats every agent the same. Token counts are the agent's own figures; a cost is only
 * set when the agent reports one (Claude Code, aider, opencode), never invented.
 */

export interface AgentSession {
  sessionId: string | undefined;
  model: string | undefined;
  turns: number;
  /** Every prompt token the agent reports, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** The part of inputTokens read from the provider's prompt cache. */
  cachedInputTokens: number;
  /** Dollars as reported by the agent; undefined when it reports none. */
  costUsd: number | undefined;
  finalMessage: string | undefined;
  /** The agent said it failed (an error result, a failed turn). */
  isError: boolean;
  errorMessage: string | undefined;
}

/** Follows one agent's output: lines while it runs, the whole stdout once it ended. */
export interface AgentOutputParser {
  line(text: string): void;
  /** The session so far (the runner checks the budget against it after every line). */
  current(): AgentSession;
  /** The final session; tools that print one JSON document at the end are read here. */
  finish(stdout: string): AgentSession;
}

export function emptySession(): AgentSession {
  return {
    sessionId: undefined,
    model: undefined,
    turns: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    costUsd: undefined,
    finalMessage: undefined,
    isError: false,
    errorMessage: undefined,
  };
}

/** A JSON object from one output line, or undefined for anything else (banners, blank lines). */
export function parseJsonLine(line: string): unknown {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}
