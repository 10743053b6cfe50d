/**
 * `ouro status`: what an operator checks first, every figure read from the store or the config —
 * nothing is shown that cannot be sourced (no issue or PR counts until the loop records them).
 * State is `paused` (durable switch), else `running` when any run is, else `idle`. Rate limits are
 * per provider (that is how the gateway enforces them), so each limited provider is shown with
 * the model calls it received in the last minute.
 */
import type { PolicyMode } from '../adapters/policy-port.js';
import type { OuroConfig } from '../config/index.js';
import { rateLimitsFor } from '../models/rate-limiter.js';
import type { PauseState, Store } from '../store/types.js';
import { expireDueApprovals } from '../policy/approvals/expire-due-approvals.js';
import { readCostUsage, type CostUsage } from './cost-usage.js';

export interface ProviderRateUse {
  provider: string;
  requestsPerMinute: number;
  /** Model calls sent to the provider in the last 60 seconds (calls refused before sending excluded). */
  callsLastMinute: number;
}

export interface OuroStatus {
  mode: PolicyMode;
  state: 'paused' | 'running' | 'idle';
  pause: PauseState;
  cost: CostUsage;
  /** Model calls sent in the last 60 seconds, all providers. */
  callsLastMinute: number;
  /** Providers with a requests-per-minute limit (configured or built in); empty: none applies. */
  rateLimits: ProviderRateUse[];
  pendingApprovals: number;
  runs: { running: number; paused: number };
}

/** More runs than this in one state is not a status question; the count is capped, not guessed. */
const runCountCap = 10_000;

function defaultProvider(config: Pick<OuroConfig, 'models'>): string | undefined {
  const reference = config.models.aliases[config.models.default] ?? config.models.default;
  const separator = reference.indexOf(':');
  return separator > 0 ? reference.slice(0, separator) : undefined;
}

async function providerRateUse(
  store: Store,
  config: Pick<OuroConfig, 'models'>,
  now: number,
): Promise<{ callsLastMinute: number; rateLimits: ProviderRateUse[] }> {
  const calls = (await store.modelCalls.list({ since: now - 60_000, until: now + 1 })).filter(
    (call) => call.outcome !== 'refused',
  );
  const providers = new Set<string>([
    ...Object.keys(config.models.providers),
    ...calls.map((call) => call.provider),
  ]);
  const fallback = defaultProvider(config);
  if (fallback !== undefined) providers.add(fallback);
  const rateLimits: ProviderRateUse[] = [];
  for (const provider of [...providers].sort()) {
    const requestsPerMinute = rateLimitsFor(provider, config).requestsPerMinute;
    if (requestsPerMinute === undefined) continue;
    rateLimits.push({
      provider,
      requestsPerMinute,
      callsLastMinute: calls.filter((call) => call.provider === provider).length,
    });
  }
  return { callsLastMinute: calls.length, rateLimits };
}

export async function readStatus(
  store: Store,
  config: Pick<OuroConfig, 'orchestrator' | 'safety' | 'models'>,
  now: number = Date.now(),
): Promise<OuroStatus> {
  await expireDueApprovals(store, now);
  const [pause, cost, rates, pending, running, paused] = await Promise.all([
    store.control.getPause(),
    readCostUsage(store, config, now),
    providerRateUse(store, config, now),
    store.approvals.list({ states: ['pending'] }),
    store.runs.listRuns({ status: ['running'], limit: runCountCap }),
    store.runs.listRuns({ status: ['paused'], limit: runCountCap }),
  ]);
  return {
    mode: config.orchestrator.mode,
    state: pause.paused ? 'paused' : running.length > 0 ? 'running' : 'idle',
    pause,
    cost,
    callsLastMinute: rates.callsLastMinute,
    rateLimits: rates.rateLimits,
    pendingApprovals: pending.length,
    runs: { running: running.length, paused: paused.length },
  };
}
