/**
 * The policy as the rest of Ouro meets it: gathers the state a decision needs (mode, pause, budget
 * use, an earlier approval of the same subject, the risk of a git range), decides with `decide`, and
 * records everything — the decision in the hash-chained audit log, an approval request when one is
 * needed (stale ones replaced when the head moved), an auto-approval when configured, a
 * `safety_violation` log line for denials and approval requests.
 */
import { randomBytes } from 'node:crypto';
import picomatch from 'picomatch';
import type {
  PolicyMode,
  PolicyPort,
  PolicyRequest,
  PolicyRisk,
  PolicyVerdict,
} from '../adapters/policy-port.js';
import type { OuroConfig } from '../config/index.js';
import { limitToMicroUsd, microUsdToUsd } from '../models/budget/budget-amounts.js';
import { utcDayKey, utcMonthKey } from '../models/budget/budget-levels.js';
import type { Logger } from '../observability/logger-types.js';
import type { ApprovalRecord, Store } from '../store/types.js';
import { expireDueApprovals } from './approvals/expire-due-approvals.js';
import { appendAudit } from './audit/index.js';
import { decide, type Decision, type DecisionState } from './decide.js';

/** The risk of a git range, computed by the app layer (guards, risk rules, optional AI review). */
export type ChangeAssessor = (change: NonNullable<PolicyRequest['change']>) => Promise<{
  risk: PolicyRisk;
  reasons: string[];
  assessment: Record<string, unknown>;
  /** The report rendered for people and for tools. */
  report?: { markdown: string; json: string };
}>;

export interface PolicyGateOptions {
  store: Store;
  config: OuroConfig;
  /** Overrides `orchestrator.mode` (`ouro run --mode shadow`). */
  mode?: PolicyMode;
  /** The audit actor of the requests: `ouro`, or `user:<name>` for operator commands. */
  actor: string;
  logger: Logger;
  now?: () => number;
  /** Attached to every audit entry and approval (which run, step or task asked). */
  scope?: { runId?: string; stepId?: string; taskId?: string };
  /** Sends `approval_requested` notifications; never throws. */
  notify?: (event: string, payload: Record<string, unknown>) => Promise<void>;
  assessChange?: ChangeAssessor;
}

export type PolicyGate = PolicyPort & { readonly mode: PolicyMode };

export function newApprovalId(): string {
  return `apr_${randomBytes(4).toString('hex')}`;
}

export function newRollbackPointId(): string {
  return `rb_${randomBytes(4).toString('hex')}`;
}

const autoApprover = 'ouro:auto-approve';

/** Why no more money may be spent, when the day's or the month's use reached its limit. */
async function budgetExhaustion(store: Store, config: OuroConfig, now: number): Promise<string | undefined> {
  const { daily_limit: daily, monthly_limit: monthly } = config.safety.cost_limits;
  const day = utcDayKey(now);
  const month = utcMonthKey(now);
  const usage = await store.budgets.usage([
    { level: 'day', scopeKey: day },
    { level: 'month', scopeKey: month },
  ]);
  const used = (level: 'day' | 'month'): number =>
    usage.find((row) => row.level === level)?.costMicroUsd ?? 0;
  // A limit of 0 forbids spending, not working (the same rule as the admission check).
  const spent = (level: 'day' | 'month', limit: number): boolean =>
    limit === 0 ? used(level) > 0 : used(level) >= limitToMicroUsd(limit);
  const check = (level: 'day' | 'month', key: string, limit: number, setting: string): string | undefined =>
    spent(level, limit)
      ? `the ${level === 'day' ? 'daily' : 'monthly'} cost limit is reached ($${microUsdToUsd(used(level)).toFixed(2)} of $${limit.toFixed(2)} on ${key}; ${setting})`
      : undefined;
  return (
    check('month', month, monthly, 'safety.cost_limits.monthly_limit') ??
    check('day', day, daily, 'safety.cost_limits.daily_limit')
  );
}

/** The files the request changes, when it says (a protected write's paths, the assessed diff's files). */
function changedFilesOf(
  request: PolicyRequest,
  assessment: Record<string, unknown> | undefined,
): { changedFiles?: string[] } {
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  const files =
    strings(assessment?.['changedFiles']) ??
    strings(request.effect['paths']) ??
    (typeof request.effect['path'] === 'string' ? [request.effect['path']] : undefined);
  return files ? { changedFiles: files } : {};
}

/** What the run asking for approval has spent so far, for the person deciding. */
async function costSoFar(
  store: Store,
  runId: string | undefined,
): Promise<{ costSoFar?: { usd: number; tokens: number; calls: number } }> {
  if (runId === undefined) return {};
  const calls = await store.modelCalls.list({ runId });
  return {
    costSoFar: {
      usd: calls.reduce((sum, call) => sum + call.costUsd, 0),
      tokens: calls.reduce((sum, call) => sum + call.inputTokens + call.outputTokens, 0),
      calls: calls.length,
    },
  };
}

function approvalView(approval: ApprovalRecord | undefined): DecisionState['approval'] {
  if (!approval) return undefined;
  return {
    id: approval.id,
    state: approval.state,
    headSha: approval.subject.headSha,
    decidedBy: approval.decisions.map((decision) => decision.by),
  };
}

export function createPolicyGate(options: PolicyGateOptions): PolicyGate {
  const { store, config, logger } = options;
  const now = options.now ?? Date.now;
  const mode: PolicyMode = options.mode ?? config.orchestrator.mode;
  const scope = options.scope ?? {};
  // Compiled on first use: most gates (one per step) never look at a path.
  let protectedMatchers: Array<(path: string) => boolean> | undefined;
  const isProtected = (candidate: string): boolean => {
    // dot: globs like `.github/workflows/**` and `**/.env*` must match dot files and directories.
    protectedMatchers ??= config.safety.protected_paths.map((glob) => picomatch(glob, { dot: true }));
    return protectedMatchers.some((match) => match(candidate));
  };

  async function currentApproval(subjectKey: string): Promise<ApprovalRecord | undefined> {
    await expireDueApprovals(store, now());
    return (await store.approvals.list({ subjectKey, limit: 1 }))[0];
  }

  async function requestApproval(
    request: PolicyRequest,
    decision: Decision,
    assessment: Record<string, unknown> | undefined,
    existing: ApprovalRecord | undefined,
  ): Promise<ApprovalRecord> {
    if (
      existing?.state === 'pending' &&
      request.headSha !== undefined &&
      existing.subject.headSha !== undefined &&
      existing.subject.headSha !== request.headSha
    ) {
      await store.approvals.markStale(request.subjectKey, request.headSha, now());
    }
    const requestedAt = now();
    const approval = await store.approvals.create({
      id: newApprovalId(),
      operation: request.action,
      subjectKey: request.subjectKey,
      subject: {
        description: request.subject,
        ...scope,
        ...(request.headSha !== undefined ? { headSha: request.headSha } : {}),
        ...(typeof request.effect['pr'] === 'number' ? { pr: request.effect['pr'] } : {}),
        ...(typeof request.effect['issue'] === 'number' ? { issue: request.effect['issue'] } : {}),
      },
      risk: decision.risk,
      reasons: decision.reasons,
      details: {
        effect: request.effect,
        ...(assessment ? { assessment } : {}),
        ...changedFilesOf(request, assessment),
        ...(await costSoFar(store, scope.runId)),
      },
      requestedBy: options.actor,
      requestedAt,
      expiresAt: requestedAt + config.safety.approval_timeout_hours * 3_600_000,
      quorum: config.safety.approval_quorum,
    });
    if (!decision.autoApprove) {
      await options.notify?.('approval_requested', {
        approval_id: approval.id,
        operation: approval.operation,
        subject: request.subject,
        risk: approval.risk,
        reasons: approval.reasons,
        expires_at: new Date(approval.expiresAt).toISOString(),
      });
    }
    return approval;
  }

  async function authorize(request: PolicyRequest): Promise<PolicyVerdict> {
    let assessed: Awaited<ReturnType<ChangeAssessor>> | undefined;
    let effective = request;
    if (request.change && request.risk === undefined && options.assessChange) {
      assessed = await options.assessChange(request.change);
      effective = {
        ...request,
        risk: assessed.risk,
        reasons: [...(request.reasons ?? []), ...assessed.reasons],
      };
    }
    const assessment = assessed ? { ...request.assessment, ...assessed.assessment } : request.assessment;
    // Only admission (claiming) stops for a pause, only spending for the budget: read no more than that.
    const pause = request.action === 'claim_issue' ? await store.control.getPause() : undefined;
    const needsBudget = request.action === 'model_call' || request.action === 'claim_issue';
    const state: DecisionState = {
      mode,
      paused: pause?.paused ? { reason: pause.reason, by: pause.by } : undefined,
      budgetExhausted: needsBudget ? await budgetExhaustion(store, config, now()) : undefined,
      autoApproveLowRisk: config.safety.auto_approve_low_risk,
    };
    // Only a decision that can need a person looks for (and may create) an approval.
    let existing: ApprovalRecord | undefined;
    const tentative = decide(effective, state);
    if (tentative.decision === 'require_approval' || tentative.autoApprove || tentative.approvalId) {
      existing = await currentApproval(request.subjectKey);
      state.approval = approvalView(existing);
    }
    const decision = state.approval ? decide(effective, state) : tentative;

    let approvalId = decision.approvalId;
    if (mode !== 'shadow' && (decision.decision === 'require_approval' || decision.autoApprove)) {
      const reusable =
        existing?.state === 'pending' && existing.id === decision.approvalId ? existing : undefined;
      const approval = reusable ?? (await requestApproval(effective, decision, assessment, existing));
      approvalId = approval.id;
      if (decision.autoApprove) {
        await store.approvals.decide(
          approval.id,
          { by: autoApprover, decision: 'approve', comment: 'LOW risk, safety.auto_approve_low_risk' },
          now(),
        );
      }
    }

    const findings = Array.isArray(assessment?.['findings']) ? assessment['findings'] : undefined;
    await appendAudit(store, {
      actor: options.actor,
      action: request.action,
      subject: request.subject,
      decision: decision.decision,
      reasons: decision.reasons,
      details: {
        mode,
        performed: decision.perform,
        subject_key: request.subjectKey,
        initiator: request.initiator,
        risk: decision.risk,
        effect: request.effect,
        ...scope,
        ...(request.headSha !== undefined ? { head_sha: request.headSha } : {}),
        ...(approvalId ? { approval_id: approvalId } : {}),
        ...(decision.autoApprove ? { auto_approved: true } : {}),
        ...(findings ? { findings } : {}),
      },
      createdAt: now(),
    });
    if (decision.decision !== 'allow') {
      logger.warn(
        {
          event: 'safety_violation',
          action: request.action,
          subject: request.subject,
          decision: decision.decision,
          risk: decision.risk,
          mode,
          ...(approvalId ? { approval_id: approvalId } : {}),
        },
        `safety_violation: ${request.action} on ${request.subject} — ${decision.decision} (${decision.reasons.join('; ')})`,
      );
    }
    const base = {
      mode,
      reasons: decision.reasons,
      ...(assessed?.report ? { riskReport: assessed.report } : {}),
    };
    if (decision.decision === 'allow') {
      return {
        ...base,
        decision: 'allow',
        perform: decision.perform,
        ...(approvalId ? { approvalId } : {}),
      };
    }
    if (decision.decision === 'deny') return { ...base, decision: 'deny', perform: false };
    return {
      ...base,
      decision: 'require_approval',
      perform: false,
      risk: decision.risk,
      ...(mode !== 'shadow' && approvalId ? { approvalId } : {}),
    };
  }

  return {
    mode,
    authorize,
    async recordEffect(action, subject, details) {
      await appendAudit(store, {
        actor: options.actor,
        action,
        subject,
        decision: null,
        reasons: [],
        details: { ...scope, ...details, performed: true },
        createdAt: now(),
      });
    },
    protectedPaths(paths) {
      return paths.filter(isProtected);
    },
    async recordRollbackPoint(point) {
      const id = newRollbackPointId();
      const createdAt = now();
      await store.rollbackPoints.create({ ...point, id, createdAt });
      await appendAudit(store, {
        actor: options.actor,
        action: 'rollback_point',
        subject: id,
        decision: null,
        reasons: [],
        details: { ...point },
        createdAt,
      });
      return id;
    },
    async completeRollbackPoint(id, mergeSha, method) {
      await store.rollbackPoints.completeMerge(id, mergeSha, method);
    },
  };
}
