/**
 * Conversions between the dollars callers speak and the integer micro-dollars the budget counters
 * hold. Rounding goes to the nanodollar first so that binary noise (0.07 × 10⁶ = 70000.00000000001)
 * does not tip a value over; then amounts round up and limits round down, so a budget never admits
 * more than it says.
 */
import { OuroError } from '../../errors/index.js';

const microPerDollar = 1_000_000;

function toNanoPrecision(usd: number): number {
  return Math.round(usd * microPerDollar * 1000) / 1000;
}

/** An amount to charge, in micro-dollars (rounded up). */
export function amountToMicroUsd(usd: number): number {
  return Math.ceil(toNanoPrecision(usd));
}

/** A limit, in micro-dollars (rounded down). */
export function limitToMicroUsd(usd: number): number {
  return Math.floor(toNanoPrecision(usd));
}

export function microUsdToUsd(microUsd: number): number {
  return microUsd / microPerDollar;
}

/** Validates what a caller asks to reserve or settle: finite, non-negative dollars and tokens. */
export function checkedAmounts(amounts: { costUsd: number; tokens: number }): {
  costMicroUsd: number;
  tokens: number;
} {
  for (const [name, value] of Object.entries(amounts)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new OuroError('OURO_BUDGET_AMOUNT_INVALID', { reason: `${name} is ${value}` });
    }
  }
  return { costMicroUsd: amountToMicroUsd(amounts.costUsd), tokens: Math.ceil(amounts.tokens) };
}

/** `$1.25`, `$0.000125`: dollars with no trailing noise, for messages. */
export function formatUsd(usd: number): string {
  return `$${Number(usd.toFixed(6)).toString()}`;
}
