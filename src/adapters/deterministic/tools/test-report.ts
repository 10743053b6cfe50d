/**
 * The normalized test report the `test` and `pytest` adapters write (`artifacts/test_report.json`),
 * whatever the runner: JUnit XML, vitest JSON or jest JSON all end up in this shape.
 */
import { z } from 'zod';

export const testFailureSchema = z
  .object({
    name: z.string().describe('The full test name (suite and test title).'),
    file: z.string().nullable().describe('Path relative to the project directory, when known.'),
    line: z.number().int().min(1).nullable(),
    message: z.string(),
  })
  .strict();

export type TestFailure = z.infer<typeof testFailureSchema>;

export const testReportSchema = z
  .object({
    tool: z.string(),
    total: z.number().int().min(0),
    passed: z.number().int().min(0),
    failed: z.number().int().min(0).describe('Failures and errors.'),
    skipped: z.number().int().min(0).describe('Skipped, pending and todo tests.'),
    durationMs: z.number().min(0).optional(),
    failures: z.array(testFailureSchema),
  })
  .strict()
  .describe('Ouro test report artifact (schemas/test-report.schema.json)');

export type TestReport = z.infer<typeof testReportSchema>;

export function testReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(testReportSchema, { target: 'draft-2020-12' });
}
