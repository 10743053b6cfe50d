/**
 * How issues and pull requests look to people (tables, detail blocks) and in `--json` (records with
 * ISO times), for `ouro issue …` and `ouro pr …`.
 */
import type { ForgeActionOutcome, MergeResult, PullRequestDetails } from '../../app/forge/index.js';
import type { ForgeCheckRun, ForgeComment, ForgeIssue, ForgePullRequest } from '../../forges/types.js';
import type { Output } from '../output.js';
import { renderTable } from '../render-table.js';
import { formatRelative } from './relative-time.js';

const iso = (time: number): string => new Date(time).toISOString();
const short = (sha: string | null): string => (sha === null ? 'none' : sha.slice(0, 12));

export function issueJson(issue: ForgeIssue) {
  return { ...issue, createdAt: iso(issue.createdAt), updatedAt: iso(issue.updatedAt) };
}

export function commentJson(comment: ForgeComment) {
  return { ...comment, createdAt: iso(comment.createdAt), updatedAt: iso(comment.updatedAt) };
}

export function pullRequestJson(pr: ForgePullRequest) {
  return { ...pr, createdAt: iso(pr.createdAt), updatedAt: iso(pr.updatedAt) };
}

export function pullRequestDetailsJson(details: PullRequestDetails) {
  return {
    pullRequest: pullRequestJson(details.pullRequest),
    checks: details.checks,
    reviews: details.reviews.map((review) => ({ ...review, submittedAt: iso(review.submittedAt) })),
    comments: details.comments.map(commentJson),
  };
}

const labelsOf = (labels: string[]): string => (labels.length === 0 ? '' : labels.join(', '));

export function renderIssueList(output: Output, issues: ForgeIssue[], now: number): void {
  if (issues.length === 0) {
    output.line('No issues (`ouro issue list --state all` shows closed ones too).');
    return;
  }
  output.line(
    renderTable(
      ['#', 'STATE', 'TITLE', 'LABELS', 'UPDATED'],
      issues.map((issue) => [
        String(issue.number),
        issue.state,
        issue.title,
        labelsOf(issue.labels),
        formatRelative(issue.updatedAt, now),
      ]),
    ),
  );
}

function renderComments(output: Output, comments: ForgeComment[], now: number): void {
  output.line();
  output.line(comments.length === 0 ? 'No comments.' : `Comments (${comments.length})`);
  for (const comment of comments) {
    output.line();
    output.line(
      output.colors.dim(`${comment.author}, ${formatRelative(comment.createdAt, now)} (${comment.id})`),
    );
    output.line(comment.body);
  }
}

export function renderIssue(output: Output, issue: ForgeIssue, comments: ForgeComment[], now: number): void {
  output.line(output.colors.bold(`#${issue.number} ${issue.title}`));
  output.line(`State: ${issue.state}`);
  output.line(`Labels: ${labelsOf(issue.labels) || 'none'}`);
  output.line(`Opened: ${formatRelative(issue.createdAt, now)} by ${issue.author}`);
  output.line(`URL: ${issue.url}`);
  if (issue.body.trim() !== '') {
    output.line();
    output.line(issue.body);
  }
  renderComments(output, comments, now);
}

export function renderPullRequestList(output: Output, prs: ForgePullRequest[], now: number): void {
  if (prs.length === 0) {
    output.line('No pull requests (`ouro pr list --state all` shows closed and merged ones too).');
    return;
  }
  output.line(
    renderTable(
      ['#', 'STATE', 'TITLE', 'BRANCH', 'HEAD', 'UPDATED'],
      prs.map((pr) => [
        String(pr.number),
        pr.state,
        pr.title,
        `${pr.head} → ${pr.base}`,
        short(pr.headSha),
        formatRelative(pr.updatedAt, now),
      ]),
    ),
  );
}

function checkLine(check: ForgeCheckRun): string {
  return `  ${check.name}: ${check.status === 'completed' ? (check.conclusion ?? 'completed') : check.status}`;
}

export function renderPullRequest(output: Output, details: PullRequestDetails, now: number): void {
  const { pullRequest: pr } = details;
  output.line(output.colors.bold(`#${pr.number} ${pr.title}`));
  output.line(`State: ${pr.state}${pr.mergeSha === null ? '' : ` (${short(pr.mergeSha)})`}`);
  output.line(`Branch: ${pr.head} → ${pr.base}`);
  output.line(`Head: ${pr.headSha}`);
  output.line(`Mergeable: ${pr.mergeable === null ? 'unknown' : pr.mergeable ? 'yes' : 'no (conflicts)'}`);
  output.line(`Labels: ${labelsOf(pr.labels) || 'none'}`);
  output.line(`Opened: ${formatRelative(pr.createdAt, now)} by ${pr.author}`);
  output.line(`URL: ${pr.url}`);
  output.line(details.checks.length === 0 ? 'Checks: none on this head' : 'Checks:');
  for (const check of details.checks) output.line(checkLine(check));
  if (details.reviews.length > 0) {
    output.line('Reviews:');
    for (const review of details.reviews)
      output.line(`  ${review.author}: ${review.state.replaceAll('_', ' ')}`);
  }
  if (pr.body.trim() !== '') {
    output.line();
    output.line(pr.body);
  }
  renderComments(output, details.comments, now);
}

/** The first line of every mutating command: what happened, or what shadow mode recorded. */
export function outcomeLine(outcome: ForgeActionOutcome, done: string, wouldDo: string): string {
  if (outcome.performed) return done;
  return `Shadow mode: ${wouldDo} was recorded in the audit log, nothing was changed (${outcome.reasons.join('; ')})`;
}

export function renderMergeResult(output: Output, result: MergeResult): void {
  if (result.alreadyMerged) {
    output.line(`PR #${result.pr} is already merged (${short(result.mergeSha)}); nothing to do.`);
    return;
  }
  output.line(
    outcomeLine(
      result,
      `Merged PR #${result.pr} into ${result.base} (${result.method}): ${short(result.mergeSha)}`,
      `merging PR #${result.pr}`,
    ),
  );
  if (result.rollbackPoint !== null) {
    output.line(
      `Rollback point: ${result.rollbackPoint} (undo with \`ouro rollback ${result.rollbackPoint}\`)`,
    );
  }
}
