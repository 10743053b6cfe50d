/**
 * Reading the artifacts gates judge: a missing or unreadable artifact is a failed gate with a reason
 * (not a crash), because "the report is not there" is itself a verdict on the run.
 */
import type { z } from 'zod';
import type { StepContext } from '../types.js';

export type ArtifactRead<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function readJsonArtifact<T>(
  context: StepContext,
  workflowPath: string,
  schema: z.ZodType<T>,
): Promise<ArtifactRead<T>> {
  const text = await context.readArtifact(workflowPath);
  if (text === undefined)
    return { ok: false, reason: `${workflowPath} does not exist (did an earlier step emit it?)` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${workflowPath} is not valid JSON: ${(error as Error).message}` };
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    return {
      ok: false,
      reason: `${workflowPath} has an unexpected shape${where}: ${issue?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, value: checked.data };
}

/** Lists at most `limit` reasons and says how many more there were. */
export function capReasons(reasons: string[], limit = 50): string[] {
  if (reasons.length <= limit) return reasons;
  return [...reasons.slice(0, limit), `… and ${reasons.length - limit} more`];
}
