/** What a guard reports, and the ordering of severities that the risk rules compare. */

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export interface Finding {
  /** The guard's name, e.g. `protected-paths`. */
  guard: string;
  severity: Severity;
  file: string | undefined;
  line: number | undefined;
  message: string;
}

export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}
