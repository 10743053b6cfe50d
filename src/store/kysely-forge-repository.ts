/**
 * The local forge's tracker over Kysely. Numbers come from `max(number) + 1` inside a statement plan
 * (one transaction) that first takes the forge's lock: SQLite's plan runner holds the write lock
 * already, PostgreSQL takes a transaction-scoped advisory lock, so writers that create issues or
 * PRs queue instead of colliding (and `ensurePullRequest` sees a racing caller's PR). The unique
 * keys (number, `open_head`) stay the last line: a writer that still loses retries and finds the row.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { isUniqueViolation } from './database-errors.js';
import type { DatabaseSchema } from './database-schema.js';
import type { Store } from './types.js';
import type { PlanRunner, StatementPlan } from './statement-plan.js';
import type {
  ForgeCheckRunRecord,
  ForgeCommentRecord,
  ForgeItemFilter,
  ForgeItemRecord,
  ForgePullRequestRecord,
  ForgeRepository,
  ForgeReviewRecord,
  ForgeThreadRecord,
} from './types.js';

/** Any fixed key: the advisory lock that serializes number allocation on PostgreSQL. */
const numberLockKey = 0x6f75726f;

/** Attempts at a plan that lost a race on a unique key; each retry sees the winner's row. */
const uniqueRaceAttempts = 5;

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Text columns come back as strings from both drivers; anything else is a schema bug. */
function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new TypeError(`expected a text column, got ${typeof value}`);
  return value;
}

type Row = Record<string, unknown>;

function itemFromRow(row: Row, labels: string[]): ForgeItemRecord {
  return {
    number: Number(row['number']),
    kind: row['kind'] === 'pull_request' ? 'pull_request' : 'issue',
    title: String(row['title']),
    body: String(row['body']),
    state: row['state'] as ForgeItemRecord['state'],
    author: String(row['author']),
    labels,
    createdAt: Number(row['created_at']),
    updatedAt: Number(row['updated_at']),
  };
}

function pullRequestFromRow(row: Row, labels: string[]): ForgePullRequestRecord {
  const method = row['merge_method'];
  return {
    ...itemFromRow(row, labels),
    kind: 'pull_request',
    head: String(row['head']),
    base: String(row['base']),
    headSha: String(row['head_sha']),
    mergeSha: nullableString(row['merge_sha']),
    mergeMethod: method === 'merge' || method === 'squash' ? method : null,
    revertSha: nullableString(row['revert_sha']),
  };
}

function commentFromRow(row: Row): ForgeCommentRecord {
  return {
    id: String(row['id']),
    itemNumber: Number(row['item_number']),
    marker: nullableString(row['marker']),
    author: String(row['author']),
    body: String(row['body']),
    createdAt: Number(row['created_at']),
    updatedAt: Number(row['updated_at']),
  };
}

function checkRunFromRow(row: Row): ForgeCheckRunRecord {
  return {
    id: String(row['id']),
    headSha: String(row['head_sha']),
    name: String(row['name']),
    status: row['status'] as ForgeCheckRunRecord['status'],
    conclusion: nullableString(row['conclusion']),
    url: nullableString(row['url']),
    failedStep: nullableString(row['failed_step']),
    log: nullableString(row['log']),
    updatedAt: Number(row['updated_at']),
  };
}

async function retryOnUniqueRace<T>(attempt: () => Promise<T>): Promise<T> {
  for (let remaining = uniqueRaceAttempts; ; remaining -= 1) {
    try {
      return await attempt();
    } catch (error) {
      if (remaining <= 1 || !isUniqueViolation(error)) throw error;
    }
  }
}

export class KyselyForgeRepository implements ForgeRepository {
  constructor(
    private readonly database: Kysely<DatabaseSchema>,
    private readonly runPlan: PlanRunner,
    private readonly dialect: Store['dialect'],
  ) {}

  /** Serializes the plans that allocate numbers (see the file comment); nothing to do on SQLite. */
  private *lockNumbersPlan(): StatementPlan<void> {
    if (this.dialect === 'postgres') {
      yield sql`select pg_advisory_xact_lock(${numberLockKey})`.compile(this.database);
    }
  }

  /** The next number of the shared issue/PR sequence, and the item row inserted with it. */
  private *insertItemPlan(item: {
    kind: ForgeItemRecord['kind'];
    title: string;
    body: string;
    author: string;
    now: number;
  }): StatementPlan<number> {
    const [next] = yield this.database
      .selectFrom('forge_items')
      .select(sql<number>`coalesce(max(number), 0) + 1`.as('next'))
      .compile();
    const number = Number(next?.['next'] ?? 1);
    yield this.database
      .insertInto('forge_items')
      .values({
        number,
        kind: item.kind,
        title: item.title,
        body: item.body,
        state: 'open',
        author: item.author,
        created_at: item.now,
        updated_at: item.now,
      })
      .compile();
    return number;
  }

  async createIssue(issue: {
    title: string;
    body: string;
    author: string;
    labels: string[];
    now: number;
  }): Promise<ForgeItemRecord> {
    const labels = [...new Set(issue.labels)];
    const database = this.database;
    const insertItem = this.insertItemPlan.bind(this);
    const lockNumbers = this.lockNumbersPlan.bind(this);
    const number = await retryOnUniqueRace(() =>
      this.runPlan(function* (): StatementPlan<number> {
        yield* lockNumbers();
        const created = yield* insertItem({ ...issue, kind: 'issue' });
        if (labels.length > 0) {
          yield database
            .insertInto('forge_labels')
            .values(labels.map((name) => ({ item_number: created, name })))
            .compile();
        }
        return created;
      }),
    );
    return (await this.getItem(number))!;
  }

  private async labelsOf(numbers: number[]): Promise<Map<number, string[]>> {
    const labels = new Map<number, string[]>(numbers.map((number) => [number, []]));
    if (numbers.length === 0) return labels;
    const rows = await this.database
      .selectFrom('forge_labels')
      .select(['item_number', 'name'])
      .where('item_number', 'in', numbers)
      .orderBy('name')
      .execute();
    for (const row of rows) labels.get(Number(row.item_number))?.push(row.name);
    return labels;
  }

  async getItem(number: number): Promise<ForgeItemRecord | undefined> {
    const row = await this.database
      .selectFrom('forge_items')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return itemFromRow(row, (await this.labelsOf([number])).get(number) ?? []);
  }

  async listItems(filter: ForgeItemFilter): Promise<ForgeItemRecord[]> {
    if (filter.states?.length === 0) return [];
    let query = this.database
      .selectFrom('forge_items')
      .selectAll()
      .where('kind', '=', filter.kind)
      .orderBy('number', 'desc');
    if (filter.states !== undefined) query = query.where('state', 'in', filter.states);
    const wanted = [...new Set(filter.labels ?? [])];
    if (wanted.length > 0) {
      const carrying = this.database
        .selectFrom('forge_labels')
        .select('item_number')
        .where('name', 'in', wanted);
      query =
        filter.labelMatch === 'all'
          ? query.where(
              'number',
              'in',
              carrying.groupBy('item_number').having(sql<number>`count(*)`, '=', wanted.length),
            )
          : query.where('number', 'in', carrying);
    }
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    const rows = await query.execute();
    const labels = await this.labelsOf(rows.map((row) => Number(row.number)));
    return rows.map((row) => itemFromRow(row, labels.get(Number(row.number)) ?? []));
  }

  async setState(number: number, state: ForgeItemRecord['state'], now: number): Promise<boolean> {
    const changed = await this.database
      .updateTable('forge_items')
      .set({ state, updated_at: now })
      .where('number', '=', number)
      .where('state', '<>', state)
      .returning('number')
      .execute();
    return changed.length > 0;
  }

  async changeLabels(
    number: number,
    change: { add: string[]; remove: string[] },
    now: number,
  ): Promise<string[]> {
    const add = [...new Set(change.add)];
    const remove = change.remove.filter((name) => !add.includes(name));
    if (add.length > 0) {
      await this.database
        .insertInto('forge_labels')
        .values(add.map((name) => ({ item_number: number, name })))
        .onConflict((conflict) => conflict.columns(['item_number', 'name']).doNothing())
        .execute();
    }
    if (remove.length > 0) {
      await this.database
        .deleteFrom('forge_labels')
        .where('item_number', '=', number)
        .where('name', 'in', remove)
        .execute();
    }
    if (add.length > 0 || remove.length > 0) {
      await this.database
        .updateTable('forge_items')
        .set({ updated_at: now })
        .where('number', '=', number)
        .execute();
    }
    return (await this.labelsOf([number])).get(number) ?? [];
  }

  async ensureComment(comment: {
    itemNumber: number;
    marker: string | null;
    author: string;
    body: string;
    now: number;
  }): Promise<ForgeCommentRecord> {
    const row = {
      id: newId('fc'),
      item_number: comment.itemNumber,
      marker: comment.marker,
      author: comment.author,
      body: comment.body,
      created_at: comment.now,
      updated_at: comment.now,
    };
    if (comment.marker === null) {
      await this.database.insertInto('forge_comments').values(row).execute();
      return commentFromRow(row);
    }
    // One statement: of two racing writers, one inserts and the other edits the same row.
    await this.database
      .insertInto('forge_comments')
      .values(row)
      .onConflict((conflict) =>
        conflict
          .columns(['item_number', 'marker'])
          .doUpdateSet({ body: comment.body, updated_at: comment.now }),
      )
      .execute();
    const stored = await this.database
      .selectFrom('forge_comments')
      .selectAll()
      .where('item_number', '=', comment.itemNumber)
      .where('marker', '=', comment.marker)
      .executeTakeFirstOrThrow();
    return commentFromRow(stored);
  }

  async listComments(number: number): Promise<ForgeCommentRecord[]> {
    const rows = await this.database
      .selectFrom('forge_comments')
      .selectAll()
      .where('item_number', '=', number)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(commentFromRow);
  }

  private pullRequestQuery() {
    return this.database
      .selectFrom('forge_pull_requests')
      .innerJoin('forge_items', 'forge_items.number', 'forge_pull_requests.number')
      .selectAll('forge_items')
      .select([
        'forge_pull_requests.head',
        'forge_pull_requests.base',
        'forge_pull_requests.head_sha',
        'forge_pull_requests.merge_sha',
        'forge_pull_requests.merge_method',
        'forge_pull_requests.revert_sha',
      ]);
  }

  private async withLabels(rows: Row[]): Promise<ForgePullRequestRecord[]> {
    const labels = await this.labelsOf(rows.map((row) => Number(row['number'])));
    return rows.map((row) => pullRequestFromRow(row, labels.get(Number(row['number'])) ?? []));
  }

  async ensurePullRequest(pr: {
    head: string;
    base: string;
    title: string;
    body: string;
    author: string;
    headSha: string;
    now: number;
  }): Promise<{ pullRequest: ForgePullRequestRecord; created: boolean }> {
    const database = this.database;
    const insertItem = this.insertItemPlan.bind(this);
    const lockNumbers = this.lockNumbersPlan.bind(this);
    const outcome = await retryOnUniqueRace(() =>
      this.runPlan(function* (): StatementPlan<{ number: number; created: boolean }> {
        yield* lockNumbers();
        const [existing] = yield database
          .selectFrom('forge_pull_requests')
          .select('number')
          .where('open_head', '=', pr.head)
          .compile();
        if (existing !== undefined) {
          const number = Number(existing['number']);
          yield database
            .updateTable('forge_items')
            .set({ title: pr.title, body: pr.body, updated_at: pr.now })
            .where('number', '=', number)
            .compile();
          yield database
            .updateTable('forge_pull_requests')
            .set({ base: pr.base, head_sha: pr.headSha })
            .where('number', '=', number)
            .compile();
          return { number, created: false };
        }
        const number = yield* insertItem({ ...pr, kind: 'pull_request' });
        yield database
          .insertInto('forge_pull_requests')
          .values({
            number,
            head: pr.head,
            base: pr.base,
            head_sha: pr.headSha,
            open_head: pr.head,
            merge_sha: null,
            merge_method: null,
            revert_sha: null,
          })
          .compile();
        return { number, created: true };
      }),
    );
    return { pullRequest: (await this.getPullRequest(outcome.number))!, created: outcome.created };
  }

  async getPullRequest(number: number): Promise<ForgePullRequestRecord | undefined> {
    const row = await this.pullRequestQuery().where('forge_items.number', '=', number).executeTakeFirst();
    return row === undefined ? undefined : (await this.withLabels([row]))[0];
  }

  async findOpenPullRequest(head: string): Promise<ForgePullRequestRecord | undefined> {
    const row = await this.pullRequestQuery()
      .where('forge_pull_requests.open_head', '=', head)
      .executeTakeFirst();
    return row === undefined ? undefined : (await this.withLabels([row]))[0];
  }

  async listPullRequests(filter: {
    states?: Array<ForgeItemRecord['state']>;
    limit?: number;
  }): Promise<ForgePullRequestRecord[]> {
    if (filter.states?.length === 0) return [];
    let query = this.pullRequestQuery().orderBy('forge_items.number', 'desc');
    if (filter.states !== undefined) query = query.where('forge_items.state', 'in', filter.states);
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return this.withLabels(await query.execute());
  }

  async updateHeadSha(number: number, headSha: string, now: number): Promise<void> {
    const changed = await this.database
      .updateTable('forge_pull_requests')
      .set({ head_sha: headSha })
      .where('number', '=', number)
      .where('head_sha', '<>', headSha)
      .returning('number')
      .execute();
    if (changed.length > 0) {
      await this.database
        .updateTable('forge_items')
        .set({ updated_at: now })
        .where('number', '=', number)
        .execute();
    }
  }

  async markMerged(
    number: number,
    merge: { sha: string; method: 'merge' | 'squash' },
    now: number,
  ): Promise<boolean> {
    return this.finishPullRequest(number, 'merged', now, merge);
  }

  async closePullRequest(number: number, now: number): Promise<boolean> {
    return this.finishPullRequest(number, 'closed', now);
  }

  /** Open → merged or closed, in one transaction: the item's state and the freed branch together. */
  private finishPullRequest(
    number: number,
    state: 'merged' | 'closed',
    now: number,
    merge?: { sha: string; method: 'merge' | 'squash' },
  ): Promise<boolean> {
    const database = this.database;
    return this.runPlan(function* (): StatementPlan<boolean> {
      const changed = yield database
        .updateTable('forge_items')
        .set({ state, updated_at: now })
        .where('number', '=', number)
        .where('state', '=', 'open')
        .returning('number')
        .compile();
      if (changed.length === 0) return false;
      yield database
        .updateTable('forge_pull_requests')
        .set({
          open_head: null,
          ...(merge ? { merge_sha: merge.sha, merge_method: merge.method } : {}),
        })
        .where('number', '=', number)
        .compile();
      return true;
    });
  }

  async markReverted(number: number, revertSha: string): Promise<boolean> {
    const changed = await this.database
      .updateTable('forge_pull_requests')
      .set({ revert_sha: revertSha })
      .where('number', '=', number)
      .where('revert_sha', 'is', null)
      .returning('number')
      .execute();
    return changed.length > 0;
  }

  async addReview(review: Omit<ForgeReviewRecord, 'id'>): Promise<ForgeReviewRecord> {
    const record: ForgeReviewRecord = { id: newId('frv'), ...review };
    await this.database
      .insertInto('forge_reviews')
      .values({
        id: record.id,
        pr_number: record.prNumber,
        author: record.author,
        state: record.state,
        body: record.body,
        submitted_at: record.submittedAt,
      })
      .execute();
    return record;
  }

  async listReviews(prNumber: number): Promise<ForgeReviewRecord[]> {
    const rows = await this.database
      .selectFrom('forge_reviews')
      .selectAll()
      .where('pr_number', '=', prNumber)
      .orderBy('submitted_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      prNumber: Number(row.pr_number),
      author: row.author,
      state: row.state as ForgeReviewRecord['state'],
      body: row.body,
      submittedAt: Number(row.submitted_at),
    }));
  }

  async addThread(thread: {
    prNumber: number;
    path: string;
    line: number | null;
    author: string;
    body: string;
    now: number;
  }): Promise<ForgeThreadRecord> {
    const id = newId('fth');
    const commentId = newId('ftc');
    const database = this.database;
    await this.runPlan(function* (): StatementPlan<void> {
      yield database
        .insertInto('forge_review_threads')
        .values({
          id,
          pr_number: thread.prNumber,
          path: thread.path,
          line: thread.line,
          resolved: 0,
          created_at: thread.now,
        })
        .compile();
      yield database
        .insertInto('forge_thread_comments')
        .values({
          id: commentId,
          thread_id: id,
          author: thread.author,
          body: thread.body,
          created_at: thread.now,
          updated_at: thread.now,
        })
        .compile();
    });
    return (await this.getThread(id))!;
  }

  private async threadsWithComments(rows: Row[]): Promise<ForgeThreadRecord[]> {
    const ids = rows.map((row) => String(row['id']));
    const comments =
      ids.length === 0
        ? []
        : await this.database
            .selectFrom('forge_thread_comments')
            .selectAll()
            .where('thread_id', 'in', ids)
            .orderBy('created_at')
            .orderBy('id')
            .execute();
    return rows.map((row) => ({
      id: String(row['id']),
      prNumber: Number(row['pr_number']),
      path: String(row['path']),
      line: nullableNumber(row['line']),
      resolved: Number(row['resolved']) === 1,
      createdAt: Number(row['created_at']),
      comments: comments
        .filter((comment) => comment.thread_id === row['id'])
        .map((comment) => ({
          id: comment.id,
          author: comment.author,
          body: comment.body,
          createdAt: Number(comment.created_at),
          updatedAt: Number(comment.updated_at),
        })),
    }));
  }

  async listThreads(prNumber: number): Promise<ForgeThreadRecord[]> {
    const rows = await this.database
      .selectFrom('forge_review_threads')
      .selectAll()
      .where('pr_number', '=', prNumber)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return this.threadsWithComments(rows);
  }

  async getThread(threadId: string): Promise<ForgeThreadRecord | undefined> {
    const rows = await this.database
      .selectFrom('forge_review_threads')
      .selectAll()
      .where('id', '=', threadId)
      .execute();
    return (await this.threadsWithComments(rows))[0];
  }

  async addThreadComment(comment: {
    threadId: string;
    author: string;
    body: string;
    now: number;
  }): Promise<ForgeThreadRecord['comments'][number]> {
    const record = {
      id: newId('ftc'),
      author: comment.author,
      body: comment.body,
      createdAt: comment.now,
      updatedAt: comment.now,
    };
    await this.database
      .insertInto('forge_thread_comments')
      .values({
        id: record.id,
        thread_id: comment.threadId,
        author: record.author,
        body: record.body,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .execute();
    return record;
  }

  async resolveThread(threadId: string): Promise<void> {
    await this.database
      .updateTable('forge_review_threads')
      .set({ resolved: 1 })
      .where('id', '=', threadId)
      .execute();
  }

  async recordCheckRun(run: Omit<ForgeCheckRunRecord, 'id'>): Promise<ForgeCheckRunRecord> {
    const values = {
      head_sha: run.headSha,
      name: run.name,
      status: run.status,
      conclusion: run.conclusion,
      url: run.url,
      failed_step: run.failedStep,
      log: run.log,
      updated_at: run.updatedAt,
    };
    await this.database
      .insertInto('forge_check_runs')
      .values({ id: newId('fck'), ...values })
      .onConflict((conflict) => conflict.columns(['head_sha', 'name']).doUpdateSet(values))
      .execute();
    const row = await this.database
      .selectFrom('forge_check_runs')
      .selectAll()
      .where('head_sha', '=', run.headSha)
      .where('name', '=', run.name)
      .executeTakeFirstOrThrow();
    return checkRunFromRow(row);
  }

  async listCheckRuns(headSha: string): Promise<ForgeCheckRunRecord[]> {
    const rows = await this.database
      .selectFrom('forge_check_runs')
      .selectAll()
      .where('head_sha', '=', headSha)
      .orderBy('name')
      .execute();
    return rows.map(checkRunFromRow);
  }
}
