/**
 * The use case behind `ouro policy check`: get a diff (a file, `git diff base head`, or the working
 * tree against HEAD), then run the guards and the risk assessment with the project's safety config.
 * The working-tree diff covers tracked files only: untracked files are not part of `git diff HEAD`,
 * and adding them with intent-to-add would change the index, which a check must not do. With git,
 * the guards that read whole files (complexity, public API) get both sides; with a diff file they do not run.
 * When the AI risk review is on (safety.ai_review.enabled, or --ai-review), a model reviews the diff
 * after the guards and may raise the risk, never lower it; its failure never fails the check.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '../adapters/process/run-process.js';
import type { OuroConfig } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import type { ModelCallScope, ModelGateway } from '../models/types.js';
import { checkDiff } from '../policy/check-diff.js';
import type { FileContents } from '../policy/guards/file-contents.js';
import type { ChangeAssessor } from '../policy/policy-gate.js';
import { combineRisk } from '../policy/risk/ai-risk-review-combine.js';
import { reviewRisk } from '../policy/risk/ai-risk-review.js';
import { renderReportJson, renderReportMarkdown, type PolicyReport } from '../policy/risk/risk-report.js';

/** The model gateway, or a function that opens it (only called when the review runs). */
export type ModelsSource = ModelGateway | (() => Promise<ModelGateway>);

export interface PolicyCheckRequest {
  projectDir: string;
  safety: OuroConfig['safety'];
  diffFile?: string | undefined;
  base?: string | undefined;
  head?: string | undefined;
  /** Overrides safety.ai_review.enabled (`--ai-review` / `--no-ai-review`). */
  aiReview?: boolean | undefined;
  /** Needed by the AI review; without it the review fails with OURO_MODEL_NOT_CONFIGURED. */
  models?: ModelsSource | undefined;
  /** Ledger attribution of the review's model call (run, step, task). */
  scope?: ModelCallScope | undefined;
}

const gitEnvironment = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
});

function git(projectDir: string, args: string[]) {
  return runProcess({ command: 'git', args, cwd: projectDir, env: gitEnvironment() });
}

/** `git show <ref>:<path>` (path from the repository root, as in the diff); undefined when absent. */
async function showFile(projectDir: string, ref: string, file: string): Promise<string | undefined> {
  const result = await git(projectDir, ['show', `${ref}:${file}`]);
  return result.exitCode === 0 && !result.stdoutTruncated ? result.stdout : undefined;
}

/** Files on both sides: from the refs, or HEAD and the working tree (read from the repository root). */
async function gitContents(
  projectDir: string,
  base: string,
  head: string | undefined,
): Promise<FileContents> {
  const topLevel = await git(projectDir, ['rev-parse', '--show-toplevel']);
  const root = topLevel.stdout.trim();
  return {
    before: (file) => showFile(projectDir, base, file),
    after: async (file) => {
      if (head !== undefined) return showFile(projectDir, head, file);
      try {
        return await readFile(path.join(root, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

async function gitDiff(projectDir: string, revisions: string[]): Promise<string> {
  const range = revisions.length === 0 ? 'HEAD' : revisions.join(' ');
  const result = await runProcess({
    command: 'git',
    // quotePath off: paths arrive as UTF-8, not octal escapes; no colour or external diff drivers.
    args: [
      '-c',
      'core.quotePath=false',
      'diff',
      '--no-color',
      '--no-ext-diff',
      '-M',
      ...(revisions.length === 0 ? ['HEAD'] : revisions),
      '--',
    ],
    cwd: projectDir,
    env: gitEnvironment(),
  });
  if (result.exitCode !== 0) {
    throw new OuroError('OURO_POLICY_GIT_DIFF_FAILED', {
      range,
      reason: result.stderr.trim().split('\n')[0] || `exit code ${String(result.exitCode)}`,
    });
  }
  return result.stdout;
}

interface DiffSource {
  text: string;
  contents: FileContents | undefined;
}

async function readDiff(request: PolicyCheckRequest): Promise<DiffSource> {
  const { diffFile, base, head } = request;
  if (diffFile !== undefined && (base !== undefined || head !== undefined)) {
    throw new OuroError('OURO_POLICY_OPTIONS_INVALID', {
      reason: '--diff cannot be combined with --base/--head',
    });
  }
  if ((base === undefined) !== (head === undefined)) {
    throw new OuroError('OURO_POLICY_OPTIONS_INVALID', {
      reason: '--base and --head must be given together',
    });
  }
  for (const ref of [base, head]) {
    // A "ref" starting with '-' would reach git as an option (--output=… writes files).
    if (ref !== undefined && (ref === '' || ref.startsWith('-'))) {
      throw new OuroError('OURO_POLICY_OPTIONS_INVALID', { reason: `'${ref}' is not a git ref` });
    }
  }
  if (diffFile !== undefined) {
    const file = path.resolve(request.projectDir, diffFile);
    try {
      return { text: await readFile(file, 'utf8'), contents: undefined };
    } catch (error) {
      throw new OuroError('OURO_POLICY_DIFF_UNREADABLE', {
        path: diffFile,
        reason: (error as NodeJS.ErrnoException).code ?? String(error),
      });
    }
  }
  const text = await gitDiff(
    request.projectDir,
    base !== undefined && head !== undefined ? [base, head] : [],
  );
  return { text, contents: await gitContents(request.projectDir, base ?? 'HEAD', head) };
}

/** Whether a check with these settings runs the AI review (a surface opens the gateway only then). */
export function aiReviewWanted(safety: OuroConfig['safety'], override: boolean | undefined): boolean {
  return override ?? safety.ai_review.enabled;
}

export async function policyCheck(request: PolicyCheckRequest): Promise<PolicyReport> {
  const { text, contents } = await readDiff(request);
  const report = await checkDiff(text, request.safety, contents);
  if (!aiReviewWanted(request.safety, request.aiReview)) return report;
  const review = await reviewRisk({
    gateway: request.models,
    diffText: text,
    findings: report.findings,
    assessment: report.risk,
    model: request.safety.ai_review.model,
    maxDiffLines: request.safety.ai_review.max_diff_lines,
    scope: request.scope ?? {},
  });
  return { ...report, risk: combineRisk(report.risk, review), aiReview: review };
}

export interface ChangeAssessmentRequest {
  /** The git repository (or a directory inside it). */
  directory: string;
  base: string;
  head: string;
  config: OuroConfig;
  /** For the AI review when safety.ai_review.enabled. */
  models?: ModelsSource | undefined;
  scope?: ModelCallScope | undefined;
}

/**
 * The guards, the risk and (when enabled in the config) the AI review for a git range: what the
 * policy gate assesses before a merge. The same as `ouro policy check --base --head`.
 */
export async function assessChange(request: ChangeAssessmentRequest): Promise<{ report: PolicyReport }> {
  const report = await policyCheck({
    projectDir: request.directory,
    safety: request.config.safety,
    base: request.base,
    head: request.head,
    models: request.models,
    scope: request.scope,
  });
  return { report };
}

/**
 * assessChange in the shape the policy gate takes (`createPolicyGate({ assessChange })`): the risk,
 * its reasons, and the report as the approval's assessment material.
 */
export function changeAssessor(options: {
  config: OuroConfig;
  models?: ModelsSource | undefined;
  scope?: ModelCallScope | undefined;
}): ChangeAssessor {
  return async (change) => {
    const { report } = await assessChange({ ...change, ...options });
    const json = renderReportJson(report);
    return {
      risk: report.risk.level,
      reasons: report.risk.reasons,
      assessment: JSON.parse(json) as Record<string, unknown>,
      report: { markdown: renderReportMarkdown(report), json },
    };
  };
}
