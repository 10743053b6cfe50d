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
