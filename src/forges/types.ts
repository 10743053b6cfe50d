/**
 * The forge contract (ARCHITECTURE.md §3): how Ouro talks to GitHub or a local stand-in. This is its
 * beginning — only what `ouro rollback` needs today (reopening the issue a rolled-back change
 * closed). The forge issue extends it with issues, pull requests, checks and reviews, and a GitHub
 * rollback then opens a revert pull request through it instead of committing locally.
 */
export interface Forge {
  /** `github`, `local`: the registry key. */
  id: string;
  /** Reopens an issue with a comment saying why. */
  reopenIssue(issue: number, comment: string): Promise<void>;
}
