/**
 * `npm run generate`: writes every generated file that is committed and checked for drift by a test —
 * docs/errors.md from the error registry, and the JSON Schemas (config, workflow with a `with:` schema
 * per actor, diagnostics, test report) from their Zod schemas.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAnalysisSchemas } from '../src/adapters/ai/analysis-schemas.js';
import { writeToolArtifactSchemas } from '../src/adapters/deterministic/tools/artifact-schemas.js';
import { defaultAdapterRegistry } from '../src/adapters/registry.js';
import { writeConfigJsonSchema } from '../src/config/json-schema.js';
import { writeWorkflowSchema } from '../src/engine/workflow/json-schema.js';
import { errorRegistry } from '../src/errors/registry.js';
import { renderErrorTable } from '../src/errors/render-error-table.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const relative = (file: string): string => path.relative(rootDir, file);

const errorsFile = path.join(rootDir, 'docs', 'errors.md');
await writeFile(errorsFile, renderErrorTable(errorRegistry));
console.log(`wrote ${relative(errorsFile)}`);
console.log(`wrote ${relative(await writeConfigJsonSchema(rootDir))}`);
console.log(`wrote ${relative(await writeWorkflowSchema(rootDir, defaultAdapterRegistry().list()))}`);
for (const file of await writeToolArtifactSchemas(path.join(rootDir, 'schemas')))
  console.log(`wrote ${relative(file)}`);
for (const file of await writeAnalysisSchemas(path.join(rootDir, 'schemas')))
  console.log(`wrote ${relative(file)}`);
