/**
 * The accounting contract between the model gateway and its ledger and budget implementations
 * (src/models/ledger, src/models/budget). Kept apart from those implementations so the gateway
 * depends on the shape only, and tests can use in-memory fakes.
 */
import type { ModelCallEntry } from '../store/types.js';
import type { OuroError } from '../errors/index.js';
import type { ModelCallScope } from './types.js';

/** One row of the `model_calls` ledger (the store's record shape). */
export type ModelCallRecord = ModelCallEntry;

export interface ModelLedger {
  record(call: ModelCallRecord): Promise<void>;
}

export interface BudgetReservation {
  id: string;
}

export interface BudgetGuard {
  /** Reserves `costUsd`/`tokens` against every level that applies (step/run/task/day/month) in one store transaction; throws OURO_BUDGET_EXCEEDED naming the level when it does not fit. */
  reserve(request: { scope: ModelCallScope; costUsd: number; tokens: number }): Promise<BudgetReservation>;
  /** Replaces the reservation with the real usage. */
  settle(reservation: BudgetReservation, actual: { costUsd: number; tokens: number }): Promise<void>;
  release(reservation: BudgetReservation): Promise<void>;
  /**
   * Charges usage that already happened outside the gateway (a coding-agent CLI) to every level that
   * applies, in one store transaction and without refusing: the money is spent. `exceeded` is
   * the widest level now over its limit with OURO_BUDGET_EXCEEDED naming it, when one is.
   */
  charge(request: {
    scope: ModelCallScope;
    costUsd: number;
    tokens: number;
  }): Promise<{ exceeded?: { level: string; error: OuroError } }>;
  /** OURO_BUDGET_EXCEEDED naming the widest level of `scope` with no room left, or undefined when every level has some. */
  exhausted(scope: ModelCallScope): Promise<OuroError | undefined>;
}
