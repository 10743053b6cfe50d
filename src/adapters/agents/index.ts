/**
 * The coding-agent CLI adapters: claude_code, codex, gemini, aider and opencode. `agentAdapters`
 * are the defaults (no per-agent settings, skipping permissions never allowed);
 * `createAgentAdapters` takes the configuration's `agents` section, the permission switch and a
 * cost estimator.
 */
import type { AnyAdapter } from '../types.js';
import { agentAdapter } from './agent-adapter.js';
import type { AgentAdapterOptions } from './agent-definition.js';
import { aiderDefinition } from './aider.js';
import { claudeCodeDefinition } from './claude-code.js';
import { codexDefinition } from './codex.js';
import { geminiDefinition } from './gemini.js';
import { opencodeDefinition } from './opencode.js';

export type { AgentAdapterOptions, AgentSettings } from './agent-definition.js';
export type { AgentOutputs } from './run-agent.js';
export type { AgentSession } from './agent-session.js';

export function createAgentAdapters(options: AgentAdapterOptions = {}): AnyAdapter[] {
  return [
    agentAdapter(claudeCodeDefinition, options),
    agentAdapter(codexDefinition, options),
    agentAdapter(geminiDefinition, options),
    agentAdapter(aiderDefinition, options),
    agentAdapter(opencodeDefinition, options),
  ];
}

export const agentAdapters: AnyAdapter[] = createAgentAdapters();
