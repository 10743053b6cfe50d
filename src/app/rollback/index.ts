/** Rollback points and rollbacks (issue 4 §6): list, roll back, clean up. */
export { cleanupRollbackPoints, type CleanupOptions, type CleanupResult } from './cleanup-rollback-points.js';
export { listRollbackPoints, type RollbackPointFilter } from './list-rollback-points.js';
export { rollbackInProject } from './project-rollback.js';
export { rollback } from './rollback.js';
export { describeTarget, type RollbackTarget } from './rollback-target.js';
export type { RollbackIssueOutcome, RollbackOptions, RollbackResult } from './rollback-types.js';
