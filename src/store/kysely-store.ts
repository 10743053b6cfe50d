/**
 * The Store over one Kysely instance: repositories, migrations and closing. Dialect differences
 * live in open-store.ts (how to connect) and in the optional synchronous SQLite journal writer.
 */
import type { Kysely } from 'kysely';
import { KyselyApprovalRepository } from './kysely-approval-repository.js';
import { KyselyAuditRepository } from './kysely-audit-repository.js';
import type { DatabaseSchema } from './database-schema.js';
import { KyselyBudgetRepository } from './kysely-budget-repository.js';
import { KyselyCacheRepository } from './kysely-cache-repository.js';
import { KyselyControlRepository } from './kysely-control-repository.js';
import { KyselyForgeRepository } from './kysely-forge-repository.js';
import { KyselyModelCallRepository } from './kysely-model-call-repository.js';
import { KyselyRollbackRepository } from './kysely-rollback-repository.js';
import { KyselyRunRepository, type AppendEvents } from './kysely-run-repository.js';
import { KyselyWorkflowRepository } from './kysely-workflow-repository.js';
import { kyselyPlanRunner, type PlanRunner } from './statement-plan.js';
import { applyMigrations, createMigrator, readMigrationStatus } from './store-migrator.js';
import type {
  ApprovalRepository,
  AuditRepository,
  BudgetRepository,
  CacheRepository,
  ControlRepository,
  ForgeRepository,
  MigrationStatus,
  ModelCallRepository,
  RollbackRepository,
  RunRepository,
  Store,
  WorkflowRepository,
} from './types.js';

export interface KyselyStoreOptions {
  dialect: Store['dialect'];
  location: string;
  database: Kysely<DatabaseSchema>;
  /** Schema holding Kysely's migration tables (PostgreSQL: the connection's current schema). */
  migrationTableSchema?: string;
  appendEvents?: AppendEvents;
  /** How budget, audit and approval transactions run; default a Kysely transaction (SQLite passes its synchronous runner). */
  runPlan?: PlanRunner;
}

export class KyselyStore implements Store {
  readonly dialect: Store['dialect'];
  readonly location: string;
  readonly runs: RunRepository;
  readonly cache: CacheRepository;
  readonly workflows: WorkflowRepository;
  readonly modelCalls: ModelCallRepository;
  readonly budgets: BudgetRepository;
  readonly audit: AuditRepository;
  readonly approvals: ApprovalRepository;
  readonly rollbackPoints: RollbackRepository;
  readonly control: ControlRepository;
  readonly forge: ForgeRepository;
  private readonly database: Kysely<DatabaseSchema>;
  private readonly migrationTableSchema: string | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: KyselyStoreOptions) {
    this.dialect = options.dialect;
    this.location = options.location;
    this.database = options.database;
    this.migrationTableSchema = options.migrationTableSchema;
    this.runs = new KyselyRunRepository(options.database, options.appendEvents);
    this.cache = new KyselyCacheRepository(options.database);
    this.workflows = new KyselyWorkflowRepository(options.database);
    this.modelCalls = new KyselyModelCallRepository(options.database);
    const runPlan = options.runPlan ?? kyselyPlanRunner(options.database);
    this.budgets = new KyselyBudgetRepository(options.database, runPlan);
    // SQLite's runner already holds the write lock for the whole read; PostgreSQL needs a snapshot.
    const runSnapshot = options.runPlan ?? kyselyPlanRunner(options.database, 'repeatable read');
    this.audit = new KyselyAuditRepository(options.database, runPlan, runSnapshot);
    this.approvals = new KyselyApprovalRepository(options.database, runPlan, options.dialect);
    this.rollbackPoints = new KyselyRollbackRepository(options.database);
    this.control = new KyselyControlRepository(options.database);
    this.forge = new KyselyForgeRepository(options.database, runPlan, options.dialect);
  }

  migrate(): Promise<{ applied: string[] }> {
    return applyMigrations(this.migrator());
  }

  migrationStatus(): Promise<MigrationStatus[]> {
    return readMigrationStatus(this.migrator());
  }

  /** Idempotent: a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= this.database.destroy();
    return this.closing;
  }

  private migrator() {
    return createMigrator(this.database as unknown as Kysely<unknown>, this.migrationTableSchema);
  }
}
