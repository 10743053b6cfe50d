/**
 * `ouro approvals view <id>`: the record, its decisions, and the material the requester stored for
 * the reviewer. Requesters differ in what they can give (a merge has guard findings and changed
 * files; a protected-path write from a step may have neither), so each part is null when it was
 * not recorded instead of being guessed. The parts are read at the top of `details` or inside
 * `details.assessment`, where the policy gate puts what the guards and the risk review returned.
 */
import type { ApprovalRecord, Store } from '../../store/types.js';
import { expireDueApprovals } from '../../policy/approvals/expire-due-approvals.js';
import { findApproval } from './find-approval.js';

export interface ApprovalFinding {
  guard: string;
  severity: string;
  file?: string;
  line?: number;
  message: string;
}

export interface ApprovalView {
  approval: ApprovalRecord;
  /** Distinct identities that approved so far (the quorum counts people, not clicks). */
  approvedBy: string[];
  /** The risk assessment as stored (`details.assessment`); null when none was recorded. */
  assessment: Record<string, unknown> | null;
  findings: ApprovalFinding[] | null;
  changedFiles: string[] | null;
  tests: unknown;
  costSoFar: unknown;
  /** What would be done (`details.effect`: command, PR, paths). */
  effect: Record<string, unknown> | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toFinding(value: unknown): ApprovalFinding | undefined {
  if (!isRecord(value) || typeof value['message'] !== 'string') return undefined;
  const finding: ApprovalFinding = {
    guard: typeof value['guard'] === 'string' ? value['guard'] : 'unknown',
    severity: typeof value['severity'] === 'string' ? value['severity'] : 'unknown',
    message: value['message'],
  };
  if (typeof value['file'] === 'string') finding.file = value['file'];
  if (typeof value['line'] === 'number') finding.line = value['line'];
  return finding;
}

/** Paths from a list of strings or of `{ path }` / `{ file }` objects. */
function toPaths(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (isRecord(item)) {
      const path = item['path'] ?? item['file'];
      if (typeof path === 'string') return [path];
    }
    return [];
  });
}

export function describeApproval(approval: ApprovalRecord): ApprovalView {
  const details = approval.details;
  const assessment = isRecord(details['assessment']) ? details['assessment'] : null;
  const pick = (key: string): unknown => details[key] ?? assessment?.[key] ?? null;
  const rawFindings = pick('findings');
  return {
    approval,
    approvedBy: [
      ...new Set(
        approval.decisions
          .filter((decision) => decision.decision === 'approve')
          .map((decision) => decision.by),
      ),
    ],
    assessment,
    findings: Array.isArray(rawFindings)
      ? rawFindings.map(toFinding).filter((finding): finding is ApprovalFinding => finding !== undefined)
      : null,
    changedFiles: toPaths(pick('changedFiles')),
    tests: pick('tests'),
    costSoFar: pick('costSoFar'),
    effect: isRecord(details['effect']) ? details['effect'] : null,
  };
}

export async function viewApproval(
  store: Store,
  id: string,
  now: number = Date.now(),
): Promise<ApprovalView> {
  await expireDueApprovals(store, now);
  return describeApproval(await findApproval(store, id));
}
