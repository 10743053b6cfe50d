/** The forge use cases (`ouro issue …`, `ouro pr …`; the HTTP API later). */
export { openProjectForge, type ProjectForge } from './project-forge.js';
export type { ForgeActionOutcome } from './forge-verdict.js';
export {
  commentOnIssue,
  createIssue,
  listIssues,
  setIssueState,
  showIssue,
  type IssueListOptions,
} from './issue-operations.js';
export {
  checksPassed,
  closePullRequest,
  diffPullRequest,
  listPullRequests,
  mergePullRequest,
  showPullRequest,
  type MergeResult,
  type PullRequestDetails,
} from './pull-request-operations.js';
