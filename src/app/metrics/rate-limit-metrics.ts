/**
 * `ouro metrics rate-limits`: per provider, the client-side limits that apply (models config, or the
 * built-in default) next to the traffic the ledger recorded — the last minute, the busiest minute of
 * the last hour, and the calls that failed on HTTP 429 (OURO_MODEL_RATE_LIMITED) after their retries.
 * Calls refused before reaching the provider (budget, unknown price) are not traffic and not counted.
 * Retries are not recorded in the ledger (one row per call, whatever its attempts), so they are not
 * reported here; the log has a `model call failed; retrying` line for each.
 */
import type { OuroConfig } from '../../config/schema/ouro-config.js';
import { rateLimitsFor } from '../../models/rate-limiter.js';
import type { ModelCallEntry, Store } from '../../store/types.js';

/** The error code the model gateway records for a call that ended on HTTP 429 (errors/codes/model.ts). */
export const rateLimitedErrorCode = 'OURO_MODEL_RATE_LIMITED';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export interface TrafficCounts {
  requests: number;
  tokens: number;
}

export interface BusiestMinute extends TrafficCounts {
  /** Start of the UTC minute. */
  start: string;
}

export interface ModelTraffic {
  /** `provider:model`. */
  model: string;
  lastMinute: TrafficCounts;
  lastHour: TrafficCounts;
  rateLimitedLastHour: number;
  rateLimitedLast24Hours: number;
}

export interface ProviderRateLimits {
  provider: string;
  limits: {
    requestsPerMinute: number | null;
    tokensPerMinute: number | null;
    /** `configured`: models.providers.<name>.rate_limits; `default`: Ouro's built-in default. */
    source: 'configured' | 'default' | 'none';
  };
  lastMinute: TrafficCounts;
  busiestMinuteLastHour: BusiestMinute | null;
  rateLimitedLastHour: number;
  rateLimitedLast24Hours: number;
  models: ModelTraffic[];
}

export interface RateLimitReport {
  at: string;
  /** Limits are token buckets per process: N workers may together send up to N times the limit. */
  limitsArePerProcess: true;
  retriesRecorded: false;
  providers: ProviderRateLimits[];
}

function counts(calls: readonly ModelCallEntry[]): TrafficCounts {
  return {
    requests: calls.length,
    tokens: calls.reduce((sum, call) => sum + call.inputTokens + call.outputTokens, 0),
  };
}

function rateLimited(calls: readonly ModelCallEntry[]): number {
  return calls.filter((call) => call.errorCode === rateLimitedErrorCode).length;
}

/** The UTC minute with the most requests (then the most tokens; then the latest). */
function busiestMinute(calls: readonly ModelCallEntry[]): BusiestMinute | null {
  const minutes = new Map<number, ModelCallEntry[]>();
  for (const call of calls) {
    const start = Math.floor(call.createdAt / minute) * minute;
    const inMinute = minutes.get(start);
    if (inMinute === undefined) minutes.set(start, [call]);
    else inMinute.push(call);
  }
  let best: BusiestMinute | null = null;
  let bestStart = -1;
  for (const [start, inMinute] of minutes) {
    const traffic = counts(inMinute);
    const better =
      best === null ||
      traffic.requests > best.requests ||
      (traffic.requests === best.requests &&
        (traffic.tokens > best.tokens || (traffic.tokens === best.tokens && start > bestStart)));
    if (better) {
      best = { start: new Date(start).toISOString(), ...traffic };
      bestStart = start;
    }
  }
  return best;
}

function limitsOf(provider: string, config: Pick<OuroConfig, 'models'>): ProviderRateLimits['limits'] {
  const effective = rateLimitsFor(provider, config);
  const configured = config.models.providers[provider]?.rate_limits;
  const requestsPerMinute = effective.requestsPerMinute ?? null;
  const tokensPerMinute = effective.tokensPerMinute ?? null;
  const source =
    configured?.requests_per_minute !== undefined || configured?.tokens_per_minute !== undefined
      ? 'configured'
      : requestsPerMinute !== null
        ? 'default'
        : 'none';
  return { requestsPerMinute, tokensPerMinute, source };
}

export async function rateLimitMetrics(
  store: Pick<Store, 'modelCalls'>,
  config: Pick<OuroConfig, 'models'>,
  now: number,
): Promise<RateLimitReport> {
  const recorded = await store.modelCalls.list({ since: now - day, until: now + 1 });
  // Refused calls never reached the provider.
  const sent = recorded.filter((call) => call.outcome !== 'refused');
  const within = (calls: readonly ModelCallEntry[], span: number) =>
    calls.filter((call) => call.createdAt > now - span);
  const providerNames = [
    ...new Set([...Object.keys(config.models.providers), ...sent.map((call) => call.provider)]),
  ].sort();
  const providers = providerNames.map((provider): ProviderRateLimits => {
    const ofProvider = sent.filter((call) => call.provider === provider);
    const lastHour = within(ofProvider, hour);
    const modelNames = [...new Set(ofProvider.map((call) => call.model))].sort();
    return {
      provider,
      limits: limitsOf(provider, config),
      lastMinute: counts(within(ofProvider, minute)),
      busiestMinuteLastHour: busiestMinute(lastHour),
      rateLimitedLastHour: rateLimited(lastHour),
      rateLimitedLast24Hours: rateLimited(ofProvider),
      models: modelNames.map((model) => {
        const ofModel = ofProvider.filter((call) => call.model === model);
        return {
          model: `${provider}:${model}`,
          lastMinute: counts(within(ofModel, minute)),
          lastHour: counts(within(ofModel, hour)),
          rateLimitedLastHour: rateLimited(within(ofModel, hour)),
          rateLimitedLast24Hours: rateLimited(ofModel),
        };
      }),
    };
  });
  return { at: new Date(now).toISOString(), limitsArePerProcess: true, retriesRecorded: false, providers };
}
