/**
 * `ouro adapters list` for agents: is the program there (node_modules/.bin, then PATH), which
 * version, and is it enabled in the configuration. The version probe runs the program, so answers
 * are kept per executable path for the life of the process.
 */
import { resolveExecutable, toolVersion } from '../process/resolve-executable.js';
import type { Availability, AvailabilityContext } from '../types.js';
import type { AgentSettings } from './agent-definition.js';

const versions = new Map<string, Promise<string | undefined>>();

export async function agentAvailability(
  agent: { id: string; executable: string; install: string },
  settings: AgentSettings | undefined,
  context: AvailabilityContext,
): Promise<Availability> {
  if (settings?.enabled === false) {
    return {
      available: false,
      reason: `agents.${agent.id}.enabled is false`,
      remedy: `Set agents.${agent.id}.enabled to true in the configuration.`,
    };
  }
  const command = settings?.command ?? agent.executable;
  const executable = resolveExecutable(command, context.projectDir, context.env);
  if (executable === undefined) {
    return {
      available: false,
      reason: `${command} not found in node_modules/.bin nor on PATH`,
      remedy: agent.install,
    };
  }
  let version = versions.get(executable);
  if (version === undefined) {
    version = toolVersion(executable, ['--version'], context.env);
    versions.set(executable, version);
  }
  const found = await version;
  return found === undefined ? { available: true } : { available: true, version: found };
}
