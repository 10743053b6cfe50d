/**
 * The `with:` of the verifier: a list of gates, each an object with exactly one key naming the
 * gate. Diagnostic kinds are the fixed set of the diagnostics artifact schema.
 */
import { z } from 'zod';
import { artifactPathSchema, projectPathSchema } from '../process/workflow-paths.js';

export const diagnosticKinds = ['lint', 'format', 'import', 'type', 'logic', 'test', 'security'] as const;

const testsPassSchema = z
  .object({
    report: artifactPathSchema.default('artifacts/test_report.json'),
    /** A report with zero tests passes only when this is true (an empty suite usually means a broken run). */
    allow_empty: z.boolean().default(false),
  })
  .strict();

const diffLimitsSchema = z
  .object({
    max_files: z.number().int().nonnegative(),
    max_lines: z.number().int().nonnegative(),
    base: z
      .string()
      .min(1)
      .refine((value) => !value.startsWith('-'), { message: 'must not start with "-"' })
      .optional(),
  })
  .strict();

const schemaValidSchema = z
  .object({
    artifact: artifactPathSchema,
    /** A JSON Schema file: `artifacts/…` of this run, or a path inside the project. */
    schema: projectPathSchema,
  })
  .strict();

const tokenBudgetSchema = z
  .object({
    max_tokens: z.number().int().nonnegative(),
    max_cost_usd: z.number().nonnegative().optional(),
  })
  .strict();

const noErrorsSchema = z
  .object({
    artifact: artifactPathSchema,
    kinds: z.array(z.enum(diagnosticKinds)).min(1).optional(),
  })
  .strict();

export const gateSchema = z.union([
  z
    .object({
      tests_pass: testsPassSchema.default({ report: 'artifacts/test_report.json', allow_empty: false }),
    })
    .strict(),
  z.object({ diff_limits: diffLimitsSchema }).strict(),
  z.object({ schema_valid: schemaValidSchema }).strict(),
  z.object({ token_budget: tokenBudgetSchema }).strict(),
  z.object({ no_errors: noErrorsSchema }).strict(),
]);

export const verifierParamsSchema = z
  .object({
    gates: z.array(gateSchema).min(1, 'list at least one gate'),
    gates_artifact: artifactPathSchema.optional(),
  })
  .strict();

export type VerifierParams = z.output<typeof verifierParamsSchema>;
export type Gate = z.output<typeof gateSchema>;
export type TestsPassGate = z.output<typeof testsPassSchema>;
export type DiffLimitsGate = z.output<typeof diffLimitsSchema>;
export type SchemaValidGate = z.output<typeof schemaValidSchema>;
export type TokenBudgetGate = z.output<typeof tokenBudgetSchema>;
export type NoErrorsGate = z.output<typeof noErrorsSchema>;

export interface GateResult {
  gate: string;
  passed: boolean;
  reasons: string[];
}
