/**
 * Checks the audit chain end to end and names the first broken entry:
 * - `removed`: a sequence is missing (a gap, or rows missing after the last one the head recorded);
 * - `inserted`: a row beyond the recorded chain head, or a row that hashes correctly but links to
 *   something other than the entry before it (it was made to fit a chain it does not belong to);
 * - `altered`: a row whose content no longer matches its hash (or whose hash no longer matches the
 *   head).
 * A chain rewritten wholesale together with its head cannot be told apart from a genuine one —
 * hash chains detect edits, they do not prove authorship.
 */
import type { AuditEntryRecord, Store } from '../../store/types.js';
import { auditGenesisHash, computeAuditHash } from './audit-hash.js';

export type AuditBreakReason = 'altered' | 'removed' | 'inserted';

export type AuditVerification =
  | { valid: true; entries: number }
  | { valid: false; firstBroken: { sequence: number; reason: AuditBreakReason } };

function broken(sequence: number, reason: AuditBreakReason): AuditVerification {
  return { valid: false, firstBroken: { sequence, reason } };
}

/** The verdict on one entry given the sequence and previous hash the chain expects there. */
function checkEntry(
  entry: AuditEntryRecord,
  expectedSequence: number,
  expectedPreviousHash: string,
  headSequence: number,
): AuditVerification | undefined {
  if (entry.sequence > headSequence) return broken(entry.sequence, 'inserted');
  if (entry.sequence > expectedSequence) return broken(expectedSequence, 'removed');
  const selfConsistent = computeAuditHash(entry) === entry.hash;
  if (!selfConsistent) return broken(entry.sequence, 'altered');
  if (entry.previousHash !== expectedPreviousHash) return broken(entry.sequence, 'inserted');
  return undefined;
}

export async function verifyAuditChain(store: Store): Promise<AuditVerification> {
  const { head, entries } = await store.audit.readChain();
  let previousHash = auditGenesisHash;
  let expectedSequence = 1;
  for (const entry of entries) {
    const verdict = checkEntry(entry, expectedSequence, previousHash, head.sequence);
    if (verdict !== undefined) return verdict;
    previousHash = entry.hash;
    expectedSequence = entry.sequence + 1;
  }
  const lastSequence = expectedSequence - 1;
  if (lastSequence < head.sequence) return broken(expectedSequence, 'removed');
  if (head.sequence > 0 && previousHash !== head.hash) return broken(lastSequence, 'altered');
  return { valid: true, entries: entries.length };
}
