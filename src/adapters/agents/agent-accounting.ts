/**
 * Coding-agent CLIs call their models themselves, so nothing can be reserved before they spend. What
 * the gateway can do instead: refuse to start an agent when a budget level has no room left, and
 * afterwards record the agent's parsed usage in the `model_calls` ledger and charge it to the budgets
 * (step, run, task, day, month), reporting a level it pushed over its limit.
 */
import type { OuroError } from '../../errors/index.js';
import type { ExternalUsageResult, ModelCallScope } from '../../models/types.js';
import type { StepContext } from '../types.js';
import { agentModelOf } from './agent-cost-estimate.js';
import type { AgentSession } from './agent-session.js';

/** The agent's own step limit; the engine's scoped gateway adds the run, step and task. */
export function agentBudgetScope(maxCostUsd: number | undefined): ModelCallScope {
  return maxCostUsd === undefined ? {} : { limits: { stepCostUsd: maxCostUsd } };
}

/** OURO_BUDGET_EXCEEDED naming a level with no room left, or undefined (also without a gateway). */
export async function agentBudgetRefusal(
  context: StepContext,
  maxCostUsd: number | undefined,
): Promise<OuroError | undefined> {
  return context.models?.budgetExhausted(agentBudgetScope(maxCostUsd));
}

export interface AgentUsageReport {
  agent: string;
  session: AgentSession;
  /** Only a cost the agent reported: an unreported one is priced by the gateway's price table. */
  reportedCostUsd: number | undefined;
  latencyMs: number;
  maxCostUsd: number | undefined;
  /** Why the agent's run failed, recorded as the ledger row's error code. */
  failureCode: string | undefined;
}

/** Records the session in the ledger and charges the budgets; undefined when the step has no gateway. */
export async function recordAgentUsage(
  context: StepContext,
  report: AgentUsageReport,
): Promise<ExternalUsageResult | undefined> {
  const models = context.models;
  if (models === undefined) return undefined;
  const { provider, model } = agentModelOf(report.agent, report.session.model);
  return models.recordExternalUsage(
    {
      provider,
      model,
      purpose: `agent.${report.agent}`,
      usage: {
        inputTokens: report.session.inputTokens,
        outputTokens: report.session.outputTokens,
        cachedInputTokens: report.session.cachedInputTokens,
        cacheWriteTokens: 0,
      },
      costUsd: report.reportedCostUsd,
      latencyMs: report.latencyMs,
      outcome: report.failureCode === undefined ? 'succeeded' : 'failed',
      ...(report.failureCode === undefined ? {} : { errorCode: report.failureCode }),
    },
    agentBudgetScope(report.maxCostUsd),
  );
}
