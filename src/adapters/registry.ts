/**
 * The adapter registry: explicit, typed registration of every actor a workflow step may name: the
 * built-in deterministic adapters, the tool adapters, the AI adapters and the coding-agent CLIs.
 * Plugins can be added by passing more adapters to createAdapterRegistry.
 */
import { closest } from 'fastest-levenshtein';
import { OuroError } from '../errors/index.js';
import type { OuroConfig } from '../config/schema/ouro-config.js';
import { agentCostEstimator } from './agents/agent-cost-estimate.js';
import { agentAdapters, createAgentAdapters } from './agents/index.js';
import { aiAdapters } from './ai/index.js';
import { gitAdapter } from './deterministic/git.js';
import { noopAdapter } from './deterministic/noop.js';
import { shellAdapter } from './deterministic/shell.js';
import { sleepAdapter } from './deterministic/sleep.js';
import { toolAdapters } from './deterministic/tools/index.js';
import { verifierAdapter } from './deterministic/verifier.js';
import type { AdapterKind, AnyAdapter, Availability, AvailabilityContext } from './types.js';

export interface AdapterRegistry {
  get(id: string): AnyAdapter | undefined;
  /** Like get, but an unknown id is OURO_ADAPTER_UNKNOWN with the closest known id as a hint. */
  require(id: string): AnyAdapter;
  list(): AnyAdapter[];
  ids(): string[];
}

export function createAdapterRegistry(adapters: AnyAdapter[]): AdapterRegistry {
  const byId = new Map<string, AnyAdapter>();
  for (const adapter of adapters) {
    if (byId.has(adapter.id)) {
      throw new OuroError('OURO_INTERNAL', { message: `two adapters are registered as "${adapter.id}"` });
    }
    byId.set(adapter.id, adapter);
  }
  const ids = (): string[] => [...byId.keys()].sort();
  return {
    get: (id) => byId.get(id),
    require(id) {
      const adapter = byId.get(id);
      if (adapter !== undefined) return adapter;
      const known = ids();
      const suggestion = known.length === 0 ? undefined : closest(id, known);
      throw new OuroError(
        'OURO_ADAPTER_UNKNOWN',
        { actor: id },
        suggestion === undefined
          ? {}
          : { remedy: `Did you mean "${suggestion}"? \`ouro adapters list\` shows every actor.` },
      );
    },
    list: () => ids().map((id) => byId.get(id) as AnyAdapter),
    ids,
  };
}

export const builtInAdapters: AnyAdapter[] = [
  shellAdapter,
  sleepAdapter,
  noopAdapter,
  gitAdapter,
  verifierAdapter,
];

/** Every adapter with default settings (schemas, docs, and commands that run no step). */
export function defaultAdapterRegistry(): AdapterRegistry {
  return createAdapterRegistry([...builtInAdapters, ...toolAdapters, ...aiAdapters, ...agentAdapters]);
}

/** Every adapter configured for a project: the agents get `config.agents`, the price table and the permission switch. */
export function projectAdapterRegistry(config: OuroConfig): AdapterRegistry {
  const agents = createAgentAdapters({
    agents: config.agents,
    allowDangerouslySkipPermissions: config.safety.allow_dangerously_skip_permissions,
    estimateCostUsd: agentCostEstimator(config),
  });
  return createAdapterRegistry([...builtInAdapters, ...toolAdapters, ...aiAdapters, ...agents]);
}

/** One row of `ouro adapters list`. */
export interface AdapterListing {
  id: string;
  kind: AdapterKind;
  version: string;
  aliasOf: string | undefined;
  description: string;
  availability: Availability;
}

/** Describes every adapter with its availability in a project (availability checks run in parallel). */
export async function listAdapters(
  registry: AdapterRegistry,
  context: AvailabilityContext,
): Promise<AdapterListing[]> {
  return Promise.all(
    registry.list().map(async (adapter): Promise<AdapterListing> => {
      let availability: Availability;
      try {
        availability =
          adapter.available === undefined ? { available: true } : await adapter.available(context);
      } catch (error) {
        availability = { available: false, reason: `availability check failed: ${(error as Error).message}` };
      }
      return {
        id: adapter.id,
        kind: adapter.kind,
        version: adapter.version,
        aliasOf: adapter.aliasOf,
        description: adapter.description,
        availability,
      };
    }),
  );
}
