/**
 * Reads aider's plain-text output. Aider has no JSON mode; what it reports reliably is one line per
 * model call, `Tokens: 2.3k sent, 1.1k cache hit, 97 received. Cost: $0.01 message, $0.03 session.`,
 * which gives the turns, the tokens and the running session cost (so the budget kill works while it
 * runs). The final message is the text that is not one of aider's own status lines.
 */
import { emptySession, type AgentOutputParser } from './agent-session.js';

const tokensLine =
  /^Tokens:\s+([\d.]+[kKmM]?) sent(?:,\s+([\d.]+[kKmM]?) cache write)?(?:,\s+([\d.]+[kKmM]?) cache hit)?,\s+([\d.]+[kKmM]?) received\.(?:\s+Cost:\s+\$([\d.]+) message,\s+\$([\d.]+) session\.)?/;

/** Aider's own lines (banner, repository notes, edit reports), not the model's words. */
const statusLine =
  /^(Aider v|Main model:|Model:|Weak model:|Editor model:|Git repo:|Repo-map:|Tokens:|Cost:|Applied edit to |Added .+ to the chat|Use \/help|https:\/\/aider\.chat|Commit [0-9a-f]+|Warning:|Can't initialize|Note:|Creating empty file |─+$)/;

/** `2.3k` → 2300, `1.2M` → 1200000. */
export function parseAiderCount(text: string): number {
  const scale = /[kK]$/.test(text) ? 1_000 : /[mM]$/.test(text) ? 1_000_000 : 1;
  return Math.round(Number.parseFloat(text) * scale);
}

export function createAiderOutputParser(): AgentOutputParser {
  const session = emptySession();
  const messageLines: string[] = [];
  return {
    line(text) {
      const match = tokensLine.exec(text.trim());
      if (match !== null) {
        const [, sent, cacheWrite, cacheHit, received, , sessionCost] = match;
        session.turns += 1;
        session.inputTokens +=
          parseAiderCount(sent ?? '0') +
          parseAiderCount(cacheWrite ?? '0') +
          parseAiderCount(cacheHit ?? '0');
        session.cachedInputTokens += parseAiderCount(cacheHit ?? '0');
        session.outputTokens += parseAiderCount(received ?? '0');
        if (sessionCost !== undefined) session.costUsd = Number.parseFloat(sessionCost);
        return;
      }
      if (!statusLine.test(text.trim())) messageLines.push(text);
    },
    current: () => ({ ...session }),
    finish() {
      const message = messageLines.join('\n').trim();
      return { ...session, finalMessage: message === '' ? undefined : message };
    },
  };
}
