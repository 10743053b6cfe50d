/**
 * Turns guard findings into one risk level with every reason that raised it. Rules: the highest
 * finding severity sets the floor; `safety.risk.medium_findings_for_high` MEDIUM findings make it
 * HIGH and `safety.risk.high_findings_for_critical` HIGH findings make it CRITICAL (0 turns a rule
 * off). No findings is LOW.
 */
import type { OuroConfig } from '../../config/index.js';
import { severities, severityRank, type Finding, type Severity } from '../guards/finding.js';

export type RiskLevel = Severity;
export type RiskRules = OuroConfig['safety']['risk'];

export interface RiskAssessment {
  level: RiskLevel;
  reasons: string[];
}

function higher(left: RiskLevel, right: RiskLevel): RiskLevel {
  return severityRank(left) >= severityRank(right) ? left : right;
}

export function assessRisk(findings: readonly Finding[], rules: RiskRules): RiskAssessment {
  if (findings.length === 0) return { level: 'low', reasons: ['no guard reported anything'] };
  const reasons: string[] = [];
  let level: RiskLevel = 'low';
  const count = (severity: Severity): number =>
    findings.filter((finding) => finding.severity === severity).length;
  const highest = severities.filter((severity) => count(severity) > 0).at(-1)!;
  level = highest;
  const guardsAtHighest = [
    ...new Set(findings.filter((finding) => finding.severity === highest).map((finding) => finding.guard)),
  ];
  reasons.push(`highest finding severity is ${highest.toUpperCase()} (${guardsAtHighest.join(', ')})`);
  const mediums = count('medium');
  if (rules.medium_findings_for_high > 0 && mediums >= rules.medium_findings_for_high) {
    level = higher(level, 'high');
    reasons.push(`${mediums} MEDIUM findings (at least ${rules.medium_findings_for_high}) → HIGH`);
  }
  const highs = count('high');
  if (rules.high_findings_for_critical > 0 && highs >= rules.high_findings_for_critical) {
    level = higher(level, 'critical');
    reasons.push(`${highs} HIGH findings (at least ${rules.high_findings_for_critical}) → CRITICAL`);
  }
  return { level, reasons };
}
