/**
 * Prices an agent's reported token usage with the models price table, for agents that report no cost
 * (codex, gemini) or report it only at the end (Claude Code), so the budget kill can act mid-run.
 */
import type { OuroConfig } from '../../config/schema/ouro-config.js';
import { costOf } from '../../models/price-table.js';
import type { AgentSession } from './agent-session.js';

/** The provider whose prices apply to each agent's models; aider and opencode report their own cost. */
const providerOfAgent: Record<string, string> = {
  claude_code: 'anthropic',
  codex: 'openai',
  gemini: 'google',
};

/**
 * Provider and model of an agent's session for the ledger: the agent's own provider, or for the
 * multi-provider agents (aider, opencode) the `provider/model` prefix they print; the agent id when
 * neither says, so the row still tells which tool spent the money.
 */
export function agentModelOf(agent: string, model: string | undefined): { provider: string; model: string } {
  const fixed = providerOfAgent[agent];
  if (model === undefined || model === '') return { provider: fixed ?? agent, model: 'unknown' };
  if (fixed !== undefined) return { provider: fixed, model };
  const slash = model.indexOf('/');
  if (slash > 0 && slash < model.length - 1) {
    return { provider: model.slice(0, slash), model: model.slice(slash + 1) };
  }
  return { provider: agent, model };
}

export function agentCostEstimator(
  config: Pick<OuroConfig, 'models'>,
): (agent: string, session: AgentSession) => number | undefined {
  return (agent, session) => {
    const provider = providerOfAgent[agent];
    if (provider === undefined || session.model === undefined) return undefined;
    return costOf(
      { provider, model: session.model, text: `${provider}:${session.model}` },
      {
        inputTokens: session.inputTokens,
        outputTokens: session.outputTokens,
        cachedInputTokens: session.cachedInputTokens,
        cacheWriteTokens: 0,
      },
      config,
    );
  };
}
