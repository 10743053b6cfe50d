/** `safety`: protected paths, cost limits, complexity guard and approval rules (brief §7). */
import { z } from 'zod';

export const defaultProtectedPaths = [
  '.github/workflows/**',
  '.ouro/**',
  '**/.env*',
  '**/*.pem',
  '**/*.key',
  '**/id_rsa*',
];

export const safetySchema = z
  .strictObject({
    protected_paths: z
      .array(z.string().min(1))
      .default(defaultProtectedPaths)
      .describe('Globs that changes must not touch without approval'),
    cost_limits: z
      .strictObject({
        daily_limit: z.number().nonnegative().default(10).describe('US dollars per day'),
        monthly_limit: z.number().nonnegative().default(200).describe('US dollars per month'),
      })
      .prefault({}),
    complexity: z
      .strictObject({
        max_complexity: z
          .int()
          .positive()
          .default(10)
          .describe('Largest cyclomatic complexity increase allowed'),
      })
      .prefault({}),
    max_files_changed: z
      .int()
      .positive()
      .default(50)
      .describe('Files one change may touch before the diff-size guard reports it'),
    max_lines_changed: z
      .int()
      .positive()
      .default(2000)
      .describe('Added plus removed lines one change may have before the diff-size guard reports it'),
    risk: z
      .strictObject({
        medium_findings_for_high: z
          .int()
          .nonnegative()
          .default(3)
          .describe('This many MEDIUM findings (or more) make the risk HIGH; 0 turns the rule off'),
        high_findings_for_critical: z
          .int()
          .nonnegative()
          .default(0)
          .describe('This many HIGH findings (or more) make the risk CRITICAL; 0 turns the rule off'),
      })
      .prefault({}),
    auto_approve_low_risk: z.boolean().default(false).describe('Merge LOW risk changes without a human'),
    approval_timeout_hours: z.number().positive().default(24).describe('Approvals expire after this long'),
    approval_quorum: z
      .int()
      .positive()
      .default(1)
      .describe('Distinct people who must approve before an approval is granted'),
    approvers: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Identities allowed to approve or deny (user:<os user>, apikey:<name>, github:<login>); empty: anyone who can run ouro or holds the approve scope',
      ),
    alert_thresholds: z
      .array(z.int().min(1).max(99))
      .default([80, 90])
      .describe(
        'Percent of the daily and monthly cost limits at which a budget_threshold event is sent (100 % always stops new work)',
      ),
    ai_review: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Ask a model for a structured risk review of each change; it can raise the risk, never lower it',
          ),
        model: z
          .string()
          .min(1)
          .optional()
          .describe('Model reference (provider:model or an alias); default: the models default'),
        max_diff_lines: z
          .int()
          .positive()
          .default(1500)
          .describe('Longest diff sent to the reviewer; a longer one is cut and the cut is reported'),
      })
      .prefault({}),
    allow_dangerously_skip_permissions: z
      .boolean()
      .default(false)
      .describe(
        'Let a coding-agent step that asks for it (dangerously_skip_permissions: true) run its CLI with every permission check off',
      ),
  })
  .superRefine((safety, context) => {
    if (safety.cost_limits.daily_limit > safety.cost_limits.monthly_limit) {
      context.addIssue({
        code: 'custom',
        path: ['cost_limits', 'daily_limit'],
        message: `daily_limit (${safety.cost_limits.daily_limit}) exceeds monthly_limit (${safety.cost_limits.monthly_limit})`,
      });
    }
  })
  .prefault({});
