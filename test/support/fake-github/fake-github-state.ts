/**
 * The in-memory repository behind the fake GitHub: issues and pull requests share one number
 * sequence, as on GitHub. Shapes follow GitHub's REST documentation (only the fields Ouro reads, plus
 * a few that make them recognisable).
 */
import { createHash } from 'node:crypto';

export interface FakeUser {
  login: string;
  permission: 'admin' | 'write' | 'read' | 'none';
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  user: string;
  created_at: string;
  updated_at: string;
  pull?: { head: string; base: string; merged_at: string | null; merge_commit_sha: string | null };
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  log?: string;
  failedStep?: string;
}

export interface FakeThread {
  id: string;
  pr: number;
  path: string;
  line: number | null;
  resolved: boolean;
  comments: Array<{ databaseId: number; author: string; body: string; createdAt: string; updatedAt: string }>;
}

export interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export class FakeGitHubState {
  readonly owner = 'octo';
  readonly repo = 'demo';
  /** The authenticated user (whose comments and PRs these are). */
  readonly viewer = 'ouro-bot';
  readonly issues = new Map<number, FakeIssue>();
  readonly comments: FakeComment[] = [];
  readonly reviews: Array<{
    id: number;
    pr: number;
    user: string;
    state: string;
    body: string;
    submitted_at: string;
  }> = [];
  readonly threads: FakeThread[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  readonly collaborators = new Map<string, FakeUser['permission']>([['ouro-bot', 'admin']]);
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, FakeCommit>();
  /** Tree sha → file path → content: enough of git's object model for merges and reverts. */
  readonly trees = new Map<string, Record<string, string>>();
  /** Requests seen, `METHOD path` (tests assert on what was sent). */
  readonly requests: string[] = [];
  rateLimit = { limit: 5000, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 };
  /** Answer the next N requests with a secondary rate limit (403 + retry-after). */
  secondaryRateLimitsPending = 0;
  /** Simulates a push that lands between Ouro's check and its merge request. */
  pushBeforeNextMerge: { pr: number; sha: string } | undefined;
  #next = 1;
  #nextId = 1000;
  #clock = Date.parse('2026-01-01T00:00:00Z');

  constructor() {
    const root = this.commit({
      tree: this.tree({ 'README.md': '# demo\n' }),
      parents: [],
      message: 'initial',
    });
    this.refs.set('main', root);
  }

  now(): string {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString();
  }

  nextNumber(): number {
    return this.#next++;
  }

  nextId(): number {
    return this.#nextId++;
  }

  commit(commit: Omit<FakeCommit, 'sha'>): string {
    const sha = createHash('sha1')
      .update(JSON.stringify([commit, this.commits.size]))
      .digest('hex');
    this.commits.set(sha, { sha, ...commit });
    return sha;
  }

  tree(files: Record<string, string>): string {
    const sha = createHash('sha1')
      .update(JSON.stringify(Object.entries(files).sort()))
      .digest('hex');
    this.trees.set(sha, { ...files });
    return sha;
  }

  files(commitSha: string | undefined): Record<string, string> {
    const commit = this.commits.get(commitSha ?? '');
    return { ...(this.trees.get(commit?.tree ?? '') ?? {}) };
  }

  /** A branch with one new commit on top of `from` (what a push of the agent's work does). */
  pushBranch(
    branch: string,
    from = 'main',
    files: Record<string, string> = { [`${branch}.txt`]: `${branch} ${this.commits.size}\n` },
    message = `work on ${branch}`,
  ): string {
    const parent = this.refs.get(branch) ?? this.refs.get(from);
    if (parent === undefined) throw new Error(`no branch ${from}`);
    const tree = this.tree({ ...this.files(parent), ...files });
    const sha = this.commit({ tree, parents: [parent], message });
    this.refs.set(branch, sha);
    return sha;
  }

  addIssue(issue: Partial<FakeIssue> & { title: string }): FakeIssue {
    const at = this.now();
    const created: FakeIssue = {
      number: this.nextNumber(),
      body: '',
      state: 'open',
      labels: [],
      user: this.viewer,
      created_at: at,
      updated_at: at,
      ...issue,
    };
    this.issues.set(created.number, created);
    return created;
  }

  addCheckRun(run: Omit<FakeCheckRun, 'id'>): FakeCheckRun {
    const created = { id: this.nextId(), ...run };
    this.checkRuns.push(created);
    return created;
  }

  addThread(
    thread: Omit<FakeThread, 'id' | 'resolved' | 'comments'> & { author: string; body: string },
  ): FakeThread {
    const at = this.now();
    const created: FakeThread = {
      id: `PRRT_${this.nextId()}`,
      pr: thread.pr,
      path: thread.path,
      line: thread.line,
      resolved: false,
      comments: [
        { databaseId: this.nextId(), author: thread.author, body: thread.body, createdAt: at, updatedAt: at },
      ],
    };
    this.threads.push(created);
    return created;
  }
}
