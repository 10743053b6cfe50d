/**
 * `ouro metrics safety`: what the policy decided over a window and why — decisions by action and
 * outcome, guard findings by guard and severity with the decisions they led to (from the audit log),
 * approvals by state, and rollbacks.
 */
import type { Store } from '../../store/types.js';
import { auditFacts, type AuditFacts } from './audit-metrics.js';
import {
  approvalCounts,
  rollbackCounts,
  type ApprovalCounts,
  type RollbackCounts,
} from './governance-counts.js';
import { windowJson, type MetricsWindow } from './metrics-period.js';

export interface SafetyReport extends AuditFacts {
  window: ReturnType<typeof windowJson>;
  approvals: ApprovalCounts;
  rollbacks: RollbackCounts;
}

export async function safetyMetrics(store: Store, window: MetricsWindow): Promise<SafetyReport> {
  const entries = (await store.audit.list({ since: window.since })).filter(
    (entry) => entry.createdAt < window.until,
  );
  return {
    window: windowJson(window),
    ...auditFacts(entries),
    approvals: await approvalCounts(store, window),
    rollbacks: await rollbackCounts(store, window),
  };
}
