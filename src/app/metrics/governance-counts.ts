/** Approvals and rollbacks over a metrics window, counted from their store tables. */
import type { ApprovalState, RollbackPointRecord, Store } from '../../store/types.js';
import type { MetricsWindow } from './metrics-period.js';

const approvalStates: readonly ApprovalState[] = ['pending', 'approved', 'denied', 'expired', 'stale'];

export interface ApprovalCounts {
  /** Requested in the window. */
  requested: number;
  /** Their state now, every state listed. */
  byState: Record<ApprovalState, number>;
  /** Granted automatically (safety.auto_approve_low_risk): decided by the policy gate's `ouro:auto-approve` identity. */
  autoApproved: number;
}

export interface RolledBackPoint {
  id: string;
  pr: number | null;
  mergeSha: string | null;
  rolledBackAt: string;
  rolledBackBy: string | null;
  rollbackRef: string | null;
}

export interface RollbackCounts {
  /** Rollback points recorded (one before each merge) in the window. */
  pointsCreated: number;
  /** Merges rolled back in the window. */
  rolledBack: RolledBackPoint[];
}

export async function approvalCounts(
  store: Pick<Store, 'approvals'>,
  window: MetricsWindow,
): Promise<ApprovalCounts> {
  const approvals = (await store.approvals.list({ since: window.since })).filter(
    (approval) => approval.requestedAt < window.until,
  );
  const byState = Object.fromEntries(approvalStates.map((state) => [state, 0])) as Record<
    ApprovalState,
    number
  >;
  for (const approval of approvals) byState[approval.state] += 1;
  return {
    requested: approvals.length,
    byState,
    autoApproved: approvals.filter((approval) =>
      approval.decisions.some((decision) => decision.by === 'ouro:auto-approve'),
    ).length,
  };
}

function rolledBackIn(
  point: RollbackPointRecord,
  window: MetricsWindow,
): point is RollbackPointRecord & { rolledBackAt: number } {
  return (
    point.state === 'rolled_back' &&
    point.rolledBackAt !== null &&
    point.rolledBackAt >= window.since &&
    point.rolledBackAt < window.until
  );
}

export async function rollbackCounts(
  store: Pick<Store, 'rollbackPoints'>,
  window: MetricsWindow,
): Promise<RollbackCounts> {
  const points = await store.rollbackPoints.list();
  return {
    pointsCreated: points.filter((point) => point.createdAt >= window.since && point.createdAt < window.until)
      .length,
    rolledBack: points
      .filter((point) => rolledBackIn(point, window))
      .sort((left, right) => (left.rolledBackAt ?? 0) - (right.rolledBackAt ?? 0))
      .map((point) => ({
        id: point.id,
        pr: point.pr,
        mergeSha: point.mergeSha,
        rolledBackAt: new Date(point.rolledBackAt).toISOString(),
        rolledBackBy: point.rolledBackBy,
        rollbackRef: point.rollbackRef,
      })),
  };
}
