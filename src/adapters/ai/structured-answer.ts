/**
 * Reads a model's structured answer: the JSON text (tolerating a Markdown code fence around it, which
 * models add even when asked not to) checked against the Zod schema. Model output is untrusted, so
 * the result is either the validated value or a list of problems to send back for a repair.
 */
import type { ZodType } from 'zod';

export type StructuredAnswer<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function jsonText(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  if (fenced?.[1] !== undefined) return fenced[1];
  // A sentence before the object ("Here is the analysis: {…}"): take the outermost braces.
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  if (first > 0 && last > first) return trimmed.slice(first, last + 1);
  return trimmed;
}

export function readStructuredAnswer<T>(text: string, schema: ZodType<T>): StructuredAnswer<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText(text));
  } catch (error) {
    return { ok: false, problems: [`the answer is not valid JSON: ${(error as Error).message}`] };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const where = issue.path.length === 0 ? '(root)' : issue.path.join('.');
      return `${where}: ${issue.message}`;
    }),
  };
}
