/**
 * Turns an agent definition into an Adapter: availability from the program and the configuration,
 * execution through the shared runner. Agent steps are never cached (no cacheInputs): their result
 * depends on a remote model.
 */
import type { Adapter } from '../types.js';
import { agentAvailability } from './agent-availability.js';
import type { AgentAdapterOptions, AgentDefinition } from './agent-definition.js';
import type { AgentCommonParams } from './agent-params.js';
import { executeAgent, type AgentOutputs } from './run-agent.js';

export function agentAdapter<P extends AgentCommonParams>(
  definition: AgentDefinition<P>,
  options: AgentAdapterOptions = {},
): Adapter<P, AgentOutputs> {
  return {
    id: definition.id,
    kind: 'ai',
    effects: ['run_command', 'model_call', 'write_protected_path'],
    version: definition.version,
    description: definition.description,
    params: definition.params,
    available: (context) => agentAvailability(definition, options.agents?.[definition.id], context),
    execute: (params, context) => executeAgent(definition, params, context, options),
  };
}
