/**
 * In-memory ModelLedger and BudgetGuard for unit tests of the gateway: arrays a test can read. The
 * budget refuses with OURO_BUDGET_EXCEEDED when a reservation passes `limitUsd`, like the real guard,
 * and counts charges of usage spent outside the gateway without refusing them.
 */
import { OuroError } from '../../errors/index.js';
import type { BudgetGuard, BudgetReservation, ModelCallRecord, ModelLedger } from '../accounting-types.js';

export class InMemoryLedger implements ModelLedger {
  readonly calls: ModelCallRecord[] = [];

  record(call: ModelCallRecord): Promise<void> {
    this.calls.push(call);
    return Promise.resolve();
  }
}

export interface BudgetEntry {
  id: string;
  costUsd: number;
  tokens: number;
  state: 'reserved' | 'settled' | 'released' | 'charged';
}

export class InMemoryBudget implements BudgetGuard {
  readonly entries: BudgetEntry[] = [];

  constructor(private readonly limitUsd: number = Number.POSITIVE_INFINITY) {}

  spentUsd(): number {
    return this.entries
      .filter((entry) => entry.state !== 'released')
      .reduce((sum, entry) => sum + entry.costUsd, 0);
  }

  private exceeded(used: number, requested: number): OuroError {
    return new OuroError(
      'OURO_BUDGET_EXCEEDED',
      {
        level: 'run',
        scope: 'test',
        used,
        requested,
        limit: this.limitUsd,
        unit: 'USD',
        setting: 'the test budget',
      },
      { details: { level: 'run', used, requested, limit: this.limitUsd } },
    );
  }

  reserve(request: Parameters<BudgetGuard['reserve']>[0]): Promise<BudgetReservation> {
    if (this.spentUsd() + request.costUsd > this.limitUsd) {
      return Promise.reject(this.exceeded(this.spentUsd(), request.costUsd));
    }
    const entry: BudgetEntry = {
      id: `res_${this.entries.length + 1}`,
      costUsd: request.costUsd,
      tokens: request.tokens,
      state: 'reserved',
    };
    this.entries.push(entry);
    return Promise.resolve({ id: entry.id });
  }

  private find(reservation: BudgetReservation): BudgetEntry {
    const entry = this.entries.find((candidate) => candidate.id === reservation.id);
    if (entry === undefined || entry.state !== 'reserved')
      throw new Error(`reservation ${reservation.id} is not open`);
    return entry;
  }

  settle(reservation: BudgetReservation, actual: { costUsd: number; tokens: number }): Promise<void> {
    const entry = this.find(reservation);
    Object.assign(entry, actual, { state: 'settled' });
    return Promise.resolve();
  }

  release(reservation: BudgetReservation): Promise<void> {
    this.find(reservation).state = 'released';
    return Promise.resolve();
  }

  /** Like the store guard: always counted (state `charged`), over the limit reported, never refused. */
  charge(
    request: Parameters<BudgetGuard['charge']>[0],
  ): Promise<{ exceeded?: { level: string; error: OuroError } }> {
    const used = this.spentUsd();
    this.entries.push({
      id: `chg_${this.entries.length + 1}`,
      costUsd: request.costUsd,
      tokens: request.tokens,
      state: 'charged',
    });
    return Promise.resolve(
      used + request.costUsd > this.limitUsd
        ? { exceeded: { level: 'run', error: this.exceeded(used, request.costUsd) } }
        : {},
    );
  }

  exhausted(): Promise<OuroError | undefined> {
    const used = this.spentUsd();
    return Promise.resolve(used >= this.limitUsd ? this.exceeded(used, 0) : undefined);
  }
}
