/**
 * Policy decisions and guard findings counted from audit entries. The policy gate records each
 * decision with `decision` (allow, deny, require_approval), `details.mode` (shadow decisions are
 * recorded only) and the guard findings of the change in `details.findings` as
 * `[{guard, severity, file, line, message}]`; entries without a decision (side effects, budget
 * alerts) are not decisions.
 */
import type { AuditEntryRecord } from '../../store/types.js';

export interface DecisionCount {
  action: string;
  decision: string;
  count: number;
  /** Of `count`, those made in shadow mode: recorded, nothing performed. */
  shadow: number;
}

export interface FindingCount {
  guard: string;
  severity: string;
  count: number;
  /** The decisions the findings led to: `{deny: 2, require_approval: 1}`. */
  outcomes: Record<string, number>;
}

export interface AuditFacts {
  entries: number;
  decisions: DecisionCount[];
  /** Decision totals whatever the action: `{allow: 12, deny: 1}`. */
  decisionTotals: Record<string, number>;
  findings: FindingCount[];
}

function isShadow(entry: AuditEntryRecord): boolean {
  return entry.details['mode'] === 'shadow';
}

/** The well-formed findings of an entry; anything else in `details.findings` is ignored. */
function findingsOf(entry: AuditEntryRecord): Array<{ guard: string; severity: string }> {
  const findings = entry.details['findings'];
  if (!Array.isArray(findings)) return [];
  return findings.flatMap((finding: unknown) => {
    if (typeof finding !== 'object' || finding === null) return [];
    const { guard, severity } = finding as Record<string, unknown>;
    return typeof guard === 'string' && typeof severity === 'string' ? [{ guard, severity }] : [];
  });
}

const severityOrder = ['critical', 'high', 'medium', 'low'];

function severityRank(severity: string): number {
  const rank = severityOrder.indexOf(severity.toLowerCase());
  return rank === -1 ? severityOrder.length : rank;
}

export function auditFacts(entries: readonly AuditEntryRecord[]): AuditFacts {
  const decisions = new Map<string, DecisionCount>();
  const decisionTotals: Record<string, number> = {};
  const findings = new Map<string, FindingCount>();
  for (const entry of entries) {
    if (entry.decision !== null) {
      const key = `${entry.action}\u0000${entry.decision}`;
      const row = decisions.get(key) ?? {
        action: entry.action,
        decision: entry.decision,
        count: 0,
        shadow: 0,
      };
      row.count += 1;
      if (isShadow(entry)) row.shadow += 1;
      decisions.set(key, row);
      decisionTotals[entry.decision] = (decisionTotals[entry.decision] ?? 0) + 1;
    }
    const outcome = entry.decision ?? 'recorded';
    for (const finding of findingsOf(entry)) {
      const key = `${finding.guard}\u0000${finding.severity}`;
      const row = findings.get(key) ?? { ...finding, count: 0, outcomes: {} };
      row.count += 1;
      row.outcomes[outcome] = (row.outcomes[outcome] ?? 0) + 1;
      findings.set(key, row);
    }
  }
  return {
    entries: entries.length,
    decisions: [...decisions.values()].sort(
      (left, right) => left.action.localeCompare(right.action) || left.decision.localeCompare(right.decision),
    ),
    decisionTotals,
    findings: [...findings.values()].sort(
      (left, right) =>
        severityRank(left.severity) - severityRank(right.severity) ||
        right.count - left.count ||
        left.guard.localeCompare(right.guard),
    ),
  };
}
