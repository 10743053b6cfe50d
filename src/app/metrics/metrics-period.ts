/**
 * The windows `ouro metrics` reports on. They are rolling (ending now) rather than calendar periods,
 * so that a weekly report run on a Monday morning still covers a full week; the budget counters,
 * which are calendar UTC days and months, are shown with their own day and month labels.
 */
import { OuroError } from '../../errors/index.js';

export const metricsPeriods = ['day', 'week', 'month'] as const;

export type MetricsPeriod = (typeof metricsPeriods)[number];

const periodMilliseconds: Record<MetricsPeriod, number> = {
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
};

export interface MetricsWindow {
  period: MetricsPeriod;
  /** Inclusive, epoch ms. */
  since: number;
  /** Exclusive, epoch ms (now). */
  until: number;
}

export function isMetricsPeriod(value: string): value is MetricsPeriod {
  return (metricsPeriods as readonly string[]).includes(value);
}

/** The window of `period` ending at `now`; OURO_METRICS_PERIOD_INVALID for another name. */
export function metricsWindow(period: string, now: number): MetricsWindow {
  if (!isMetricsPeriod(period)) throw new OuroError('OURO_METRICS_PERIOD_INVALID', { period });
  return { period, since: now - periodMilliseconds[period], until: now };
}

/** The window as it appears in JSON documents. */
export function windowJson(window: MetricsWindow): { period: MetricsPeriod; since: string; until: string } {
  return {
    period: window.period,
    since: new Date(window.since).toISOString(),
    until: new Date(window.until).toISOString(),
  };
}
