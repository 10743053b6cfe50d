/**
 * The approval decision as a statement plan (see statement-plan.ts): on SQLite it runs synchronously
 * under the write lock, on PostgreSQL in a transaction that first takes the approval row with
 * SELECT … FOR UPDATE. Either way a second decider waits for the first and then reads the state and
 * decisions it committed, so the quorum is counted once and the state flips once.
 */
import type { Kysely } from 'kysely';
import { approvalFromRows } from './approval-rows.js';
import type { DatabaseSchema } from './database-schema.js';
import type { StatementPlan } from './statement-plan.js';
import type { ApprovalDecideOutcome, ApprovalDecisionRecord, ApprovalState } from './types.js';

export type DecisionInput = Omit<ApprovalDecisionRecord, 'approvalId' | 'createdAt'>;

export function* decideApprovalPlan(
  database: Kysely<DatabaseSchema>,
  id: string,
  decision: DecisionInput,
  now: number,
  lockRow: boolean,
): StatementPlan<ApprovalDecideOutcome> {
  const select = database.selectFrom('approvals').selectAll().where('id', '=', id);
  const [row] = yield (lockRow ? select.forUpdate() : select).compile();
  if (row === undefined) return { outcome: 'not_found' };
  let state = String(row.state) as ApprovalState;
  let decidedAt = row.decided_at;
  // A request past its deadline can no longer be decided; record that it expired on the way.
  if (state === 'pending' && Number(row.expires_at) <= now) {
    yield database
      .updateTable('approvals')
      .set({ state: 'expired', decided_at: now })
      .where('id', '=', id)
      .compile();
    state = 'expired';
    decidedAt = now;
  }
  const decisionRows = yield database
    .selectFrom('approval_decisions')
    .selectAll()
    .where('approval_id', '=', id)
    .orderBy('position', 'asc')
    .compile();
  const current = approvalFromRows({ ...row, state, decided_at: decidedAt }, decisionRows);
  if (state !== 'pending') return { outcome: 'not_pending', approval: current };
  if (current.decisions.some((recorded) => recorded.by === decision.by)) {
    return { outcome: 'duplicate', approval: current };
  }

  const recorded: ApprovalDecisionRecord = {
    approvalId: id,
    by: decision.by,
    decision: decision.decision,
    comment: decision.comment,
    createdAt: now,
  };
  yield database
    .insertInto('approval_decisions')
    .values({
      approval_id: id,
      position: decisionRows.length + 1,
      decided_by: recorded.by,
      decision: recorded.decision,
      comment: recorded.comment,
      created_at: now,
    })
    .compile();
  const decisions = [...current.decisions, recorded];
  const approvals = decisions.filter((entry) => entry.decision === 'approve').length;
  const nextState: ApprovalState =
    recorded.decision === 'deny' ? 'denied' : approvals >= current.quorum ? 'approved' : 'pending';
  if (nextState !== 'pending') {
    yield database
      .updateTable('approvals')
      .set({ state: nextState, decided_at: now })
      .where('id', '=', id)
      .compile();
  }
  return {
    outcome: 'recorded',
    approval: {
      ...current,
      state: nextState,
      decidedAt: nextState === 'pending' ? null : now,
      decisions,
    },
  };
}
