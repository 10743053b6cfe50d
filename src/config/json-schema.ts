/**
 * The JSON Schema (draft 2020-12) of the config file, generated from the Zod schemas. Editors use it
 * through the `# yaml-language-server: $schema=…` line that `ouro init` writes; a test checks that the
 * committed schemas/config.schema.json equals what this produces.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ouroConfigSchema } from './schema/ouro-config.js';

export const configJsonSchemaPath = path.join('schemas', 'config.schema.json');

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ouroConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema: schema.$schema,
    title: 'Ouro config (ouro.config.yaml)',
    ...schema,
  };
}

/** The exact text of schemas/config.schema.json. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** Writes schemas/config.schema.json under `rootDir` (the repository root); returns the file written. */
export async function writeConfigJsonSchema(rootDir: string): Promise<string> {
  const file = path.join(rootDir, configJsonSchemaPath);
  await writeFile(file, configJsonSchemaText());
  return file;
}
