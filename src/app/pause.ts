/**
 * `ouro pause` / `ouro resume` (issue 4 §8): a durable switch in the store, so a restart stays
 * paused. While paused, admission refuses new work (admission.ts); running steps finish. Both are
 * idempotent: pausing a paused system keeps the first pause (who and since when; the reason too,
 * unless a new one is given) and says so; resuming a system that is not paused changes nothing.
 * Every change is audited.
 */
import { appendAudit } from '../policy/audit/index.js';
import type { PauseState, Store } from '../store/types.js';

export interface PauseOutcome {
  outcome: 'paused' | 'already_paused' | 'reason_updated';
  state: PauseState;
}

export interface ResumeOutcome {
  outcome: 'resumed' | 'not_paused';
  state: PauseState;
  /** The pause that was lifted (or the unchanged state when not paused). */
  previous: PauseState;
}

export async function pausePolicy(
  store: Store,
  options: { by: string; reason?: string | null | undefined; now?: number },
): Promise<PauseOutcome> {
  const now = options.now ?? Date.now();
  const reason = options.reason?.trim() ? options.reason.trim() : null;
  const current = await store.control.getPause();
  if (current.paused) {
    if (reason === null || reason === current.reason) return { outcome: 'already_paused', state: current };
    const state: PauseState = { ...current, reason };
    await store.control.setPause(state, now);
    await appendAudit(store, {
      createdAt: now,
      actor: options.by,
      action: 'pause',
      subject: 'ouro',
      reasons: [reason],
      details: { alreadyPausedBy: current.by, pausedSince: current.since, previousReason: current.reason },
    });
    return { outcome: 'reason_updated', state };
  }
  const state: PauseState = { paused: true, reason, by: options.by, since: now };
  await store.control.setPause(state, now);
  await appendAudit(store, {
    createdAt: now,
    actor: options.by,
    action: 'pause',
    subject: 'ouro',
    reasons: reason === null ? [] : [reason],
  });
  return { outcome: 'paused', state };
}

export async function resumePolicy(
  store: Store,
  options: { by: string; now?: number },
): Promise<ResumeOutcome> {
  const now = options.now ?? Date.now();
  const previous = await store.control.getPause();
  if (!previous.paused) return { outcome: 'not_paused', state: previous, previous };
  const state: PauseState = { paused: false, reason: null, by: options.by, since: now };
  await store.control.setPause(state, now);
  await appendAudit(store, {
    createdAt: now,
    actor: options.by,
    action: 'resume',
    subject: 'ouro',
    details: { pausedBy: previous.by, pausedSince: previous.since, pauseReason: previous.reason },
  });
  return { outcome: 'resumed', state, previous };
}
