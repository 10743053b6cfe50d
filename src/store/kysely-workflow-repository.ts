/** Workflows Ouro has seen (path → name and content hash), for listings and change detection. */
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import { workflowFromRow } from './row-mappers.js';
import type { WorkflowRecord, WorkflowRepository } from './types.js';

export class KyselyWorkflowRepository implements WorkflowRepository {
  constructor(private readonly database: Kysely<DatabaseSchema>) {}

  async upsert(workflow: WorkflowRecord): Promise<void> {
    const row = {
      path: workflow.path,
      name: workflow.name,
      hash: workflow.hash,
      updated_at: workflow.updatedAt,
    };
    await this.database
      .insertInto('workflows')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('path').doUpdateSet({ name: row.name, hash: row.hash, updated_at: row.updated_at }),
      )
      .execute();
  }

  async list(): Promise<WorkflowRecord[]> {
    const rows = await this.database.selectFrom('workflows').selectAll().orderBy('path').execute();
    return rows.map(workflowFromRow);
  }
}
