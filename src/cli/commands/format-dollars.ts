/** `$12.50` for spend and limits; small non-zero amounts keep their digits (`$0.000375`), never `$0.00`. */
import { formatUsd, microUsdToUsd } from '../../models/budget/budget-amounts.js';

export function formatDollars(microUsd: number): string {
  const usd = microUsdToUsd(microUsd);
  return usd === 0 || usd >= 0.01 ? `$${usd.toFixed(2)}` : formatUsd(usd);
}

/** `$12.50 / $100.00 (12.5 %)`. */
export function formatUse(usedMicroUsd: number, limitMicroUsd: number, percent: number): string {
  return `${formatDollars(usedMicroUsd)} / ${formatDollars(limitMicroUsd)} (${percent} %)`;
}
