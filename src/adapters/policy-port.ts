/**
 * The port through which adapters (and, through the engine, every step) ask the policy before a side
 * effect. It is declared here, below the policy layer, so that adapters can depend on it without
 * importing policy/; policy/policy-gate.ts implements it (ARCHITECTURE.md §2: "every adapter/forge
 * call that mutates something first asks policy/ and then writes the audit log").
 */
import type { NewRollbackPoint } from '../store/types.js';

/** Every mutating action Ouro can take. Adding one means teaching `policy/decide.ts` about it. */
export const policyActions = [
  'claim_issue',
  'push_branch',
  'open_pr',
  'comment',
  'merge',
  'close_issue',
  'create_issue',
  'rollback',
  'write_protected_path',
  'model_call',
  'run_command',
] as const;

export type PolicyAction = (typeof policyActions)[number];

/** `low` … `critical`, the same order as guard severities. */
export type PolicyRisk = 'low' | 'medium' | 'high' | 'critical';

/**
 * Who started the action. `operator`: a person ran a command for it (`ouro rollback`, `ouro pr
 * merge`); `ouro`: Ouro decided it (a workflow step, the loop).
 */
export type PolicyInitiator = 'operator' | 'ouro';

export interface PolicyRequest {
  action: PolicyAction;
  /** Human description: `step 1.002 (shell) of run r_…`, `PR #12`. */
  subject: string;
  /**
   * Stable key of the subject: an approval granted for it is found again by this key (a resumed step,
   * a retried task). Steps use `run:<run>:step:<step>`; PRs `pr:<n>`.
   */
  subjectKey: string;
  initiator: PolicyInitiator;
  /** Risk of the change the action carries (a merge's diff); absent when the action carries none. */
  risk?: PolicyRisk;
  /** Why that risk (the risk assessment's reasons). */
  reasons?: string[];
  /** Whether the change's checks are green (a merge); false makes an autonomous merge a deny. */
  checksPassed?: boolean;
  /** The head commit the action is for: an approval for another head is stale. */
  headSha?: string;
  /**
   * True when the action changes nothing outside Ouro's own records (a lint run, `git status`, a
   * model call): shadow mode lets it happen so that its decisions can be made on real data.
   */
  readOnly?: boolean;
  /** The would-be side effect, recorded in the audit log and shown in shadow mode: command, PR body, paths. */
  effect: Record<string, unknown>;
  /** Material for the approval view: guard findings, changed files, test results. */
  assessment?: Record<string, unknown>;
  /**
   * The change the action carries, when it is a git range (a merge): the gate runs the guards and the
   * risk assessment on `base...head` in `directory` and uses that risk unless `risk` is given.
   */
  change?: { directory: string; base: string; head: string };
}

export type PolicyMode = 'manual' | 'supervised' | 'autonomous' | 'shadow';

interface VerdictBase {
  mode: PolicyMode;
  /** Every reason that led to the decision, in order. */
  reasons: string[];
  /** The risk report of the change, when the gate assessed one (`change`): for the step's artifacts. */
  riskReport?: { markdown: string; json: string };
}

export type PolicyVerdict =
  | (VerdictBase & {
      decision: 'allow';
      /**
       * False in shadow mode for anything that is not read-only: the decision and the would-be effect
       * were recorded, and the caller must not perform it.
       */
      perform: boolean;
      /** The approval that allowed it, when one did. */
      approvalId?: string;
    })
  | (VerdictBase & { decision: 'deny'; perform: false })
  | (VerdictBase & {
      decision: 'require_approval';
      perform: false;
      risk: PolicyRisk;
      /** The pending approval to decide (`ouro approvals approve <id>`); absent in shadow mode. */
      approvalId?: string;
    });

export interface PolicyPort {
  /** Decides, records the decision in the audit log (and an approval request when one is needed). */
  authorize(request: PolicyRequest): Promise<PolicyVerdict>;
  /** Records a side effect that was performed after an allow (a merge, a push), with its result. */
  recordEffect(action: PolicyAction, subject: string, details: Record<string, unknown>): Promise<void>;
  /** The subset of `paths` (relative to the project) that `safety.protected_paths` protects. */
  protectedPaths(paths: readonly string[]): string[];
  /** Records a rollback point just before a merge; returns its id (`rb_…`). */
  recordRollbackPoint(point: Omit<NewRollbackPoint, 'id' | 'createdAt'>): Promise<string>;
  /** Records the merge that followed a rollback point. */
  completeRollbackPoint(id: string, mergeSha: string, method: 'merge' | 'squash'): Promise<void>;
}
