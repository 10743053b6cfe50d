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
