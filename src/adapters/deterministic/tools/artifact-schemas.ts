/**
 * The JSON Schemas of the tool artifacts, as committed under schemas/. Generated from the Zod
 * schemas (the single source of truth); `writeToolArtifactSchemas` rewrites them and a test fails
 * when the committed files drift from the code.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnosticsJsonSchema } from './diagnostics.js';
import { testReportJsonSchema } from './test-report.js';

export const toolArtifactSchemas: Record<string, () => Record<string, unknown>> = {
  'diagnostics.schema.json': diagnosticsJsonSchema,
  'test-report.schema.json': testReportJsonSchema,
};

export function renderSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Writes every tool artifact schema into `schemasDir` (the repository's schemas/). */
export async function writeToolArtifactSchemas(schemasDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [name, build] of Object.entries(toolArtifactSchemas)) {
    const target = path.join(schemasDir, name);
    await writeFile(target, renderSchema(build()));
    written.push(target);
  }
  return written;
}
