/** The audit log: hash-chained records of every decision and side effect (ARCHITECTURE.md §7). */
export { appendAudit, auditEntrySchema, type AuditEntry } from './append-audit.js';
export { auditGenesisHash, computeAuditHash } from './audit-hash.js';
export { verifyAuditChain, type AuditBreakReason, type AuditVerification } from './verify-audit-chain.js';
