/**
 * Every migration, in order, compiled into the program (no directory scanning, so bundles and
 * `dist/` work the same). Names are permanent: a released name must never change or be reused.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initialSchema } from './0001-initial-schema.js';
import { modelCallsAndBudgets } from './0002-model-calls-and-budgets.js';
import { auditLog } from './0003-audit-log.js';
import { safetyState } from './0004-safety-state.js';
import { localForge } from './0005-local-forge.js';

export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': initialSchema,
  '0002-model-calls-and-budgets': modelCallsAndBudgets,
  '0003-audit-log': auditLog,
  '0004-safety-state': safetyState,
  '0005-local-forge': localForge,
};

export const staticMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...migrations }),
};
