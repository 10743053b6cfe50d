/**
 * Recognises driver errors that callers treat as outcomes rather than failures. Both drivers are
 * checked by their stable codes, not by message text.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = error.code;
  // PostgreSQL unique_violation; SQLite primary-key and unique constraint failures.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
