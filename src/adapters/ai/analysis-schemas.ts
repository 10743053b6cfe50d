/**
 * The output of each `ai_analyst` analysis type, as Zod schemas (the single source of truth) and as
 * the JSON Schemas committed under schemas/ai/ and sent to the model as its structured-output
 * contract. Every field is required and absent values are `null`, because providers' strict
 * structured-output modes (OpenAI) accept no optional properties.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const severity = z.enum(['low', 'medium', 'high', 'critical']);

const issueTriage = z
  .object({
    summary: z.string().describe('One paragraph: what the issue asks for.'),
    type: z.enum(['bug', 'feature', 'refactor', 'docs', 'chore', 'question']),
    actionable: z.boolean().describe('Whether the issue says enough to start work.'),
    complexity: z.enum(['trivial', 'small', 'medium', 'large']),
    risk: severity,
    affected_areas: z.array(z.string()).describe('Paths or modules the change will touch.'),
    questions: z.array(z.string()).describe('What must be clarified before work starts.'),
    suggested_labels: z.array(z.string()),
  })
  .strict()
  .describe('ai_analyst issue_triage');

const codeReview = z
  .object({
    summary: z.string(),
    verdict: z.enum(['approve', 'request_changes', 'comment']),
    findings: z.array(
      z
        .object({
          file: z.string(),
          line: z.number().int().min(1).nullable(),
          severity,
          category: z.enum(['correctness', 'security', 'performance', 'maintainability', 'tests', 'style']),
          message: z.string(),
          suggestion: z.string().nullable(),
        })
        .strict(),
    ),
  })
  .strict()
  .describe('ai_analyst code_review');

const architecture = z
  .object({
    summary: z.string(),
    components: z.array(
      z.object({ name: z.string(), responsibility: z.string(), paths: z.array(z.string()) }).strict(),
    ),
    dependencies: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string() }).strict()),
    concerns: z.array(
      z.object({ title: z.string(), severity, detail: z.string(), paths: z.array(z.string()) }).strict(),
    ),
  })
  .strict()
  .describe('ai_analyst architecture');

const refactorPlan = z
  .object({
    summary: z.string(),
    goal: z.string(),
    steps: z.array(
      z
        .object({
          title: z.string(),
          description: z.string(),
          files: z.array(z.string()),
          risk: severity,
        })
        .strict(),
    ),
    risks: z.array(z.string()),
    verification: z.array(z.string()).describe('How to check the refactoring changed no behaviour.'),
  })
  .strict()
  .describe('ai_analyst refactor_plan');

const testPlan = z
  .object({
    summary: z.string(),
    cases: z.array(
      z
        .object({
          name: z.string(),
          kind: z.enum(['unit', 'integration', 'end_to_end', 'property']),
          target: z.string().describe('The file, function or behaviour under test.'),
          description: z.string(),
          priority: z.enum(['high', 'medium', 'low']),
        })
        .strict(),
    ),
    gaps: z.array(z.string()).describe('Behaviour the current tests leave unchecked.'),
  })
  .strict()
  .describe('ai_analyst test_plan');

const ciFailure = z
  .object({
    summary: z.string(),
    category: z.enum(['test', 'lint', 'type', 'build', 'dependency', 'infrastructure', 'flaky', 'unknown']),
    root_cause: z.string(),
    failures: z.array(
      z
        .object({
          job: z.string().nullable(),
          test: z.string().nullable(),
          file: z.string().nullable(),
          message: z.string(),
        })
        .strict(),
    ),
    fix_suggestion: z.string(),
    retry_recommended: z.boolean().describe('True when the failure looks flaky or infrastructural.'),
  })
  .strict()
  .describe('ai_analyst ci_failure');

export const analysisSchemas = {
  issue_triage: issueTriage,
  code_review: codeReview,
  architecture,
  refactor_plan: refactorPlan,
  test_plan: testPlan,
  ci_failure: ciFailure,
} as const;

export type AnalysisType = keyof typeof analysisSchemas;

export const analysisTypes = Object.keys(analysisSchemas) as [AnalysisType, ...AnalysisType[]];

/** The JSON Schema of one analysis type, as committed in schemas/ai/<type>.json. */
export function analysisJsonSchema(type: AnalysisType): Record<string, unknown> {
  return z.toJSONSchema(analysisSchemas[type], { target: 'draft-2020-12' });
}

export function renderAnalysisSchema(type: AnalysisType): string {
  return `${JSON.stringify(analysisJsonSchema(type), null, 2)}\n`;
}

/** Writes schemas/ai/<type>.json for every analysis type into `schemasDir` (the repository's schemas/). */
export async function writeAnalysisSchemas(schemasDir: string): Promise<string[]> {
  const directory = path.join(schemasDir, 'ai');
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  for (const type of analysisTypes) {
    const target = path.join(directory, `${type}.json`);
    await writeFile(target, renderAnalysisSchema(type));
    written.push(target);
  }
  return written;
}
