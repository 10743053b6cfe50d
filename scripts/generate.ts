/**
 * `npm run generate`: writes every generated file that is committed and checked for drift —
 * docs/errors.md from the error registry, and the JSON Schemas (config, workflow, diagnostics) from
 * their Zod schemas. Schema writers are imported lazily and skipped with a note while the module that
 * provides them does not exist yet, so this script runs at every stage of the build-out.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorRegistry } from '../src/errors/registry.js';
import { renderErrorTable } from '../src/errors/render-error-table.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type WriterFunction = (...writerArguments: unknown[]) => unknown;

interface SchemaWriter {
  label: string;
  /** Module paths relative to the repository root, tried in order. */
  modules: string[];
  /** Export names tried in order; the first function found is called through `call`. */
  exportNames: string[];
  /** Calls the writer with what it needs; returns the file(s) written. */
  call: (writer: WriterFunction) => Promise<unknown>;
}

/** Imports a module of the repository, or undefined when it does not exist yet. */
async function importIfPresent(modulePath: string): Promise<Record<string, unknown> | undefined> {
  const file = path.join(rootDir, modulePath);
  try {
    return (await import(file)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    // Only the module itself being absent means "not written yet"; a module it imports being absent
    // is a real error in that module.
    if (
      code === 'ERR_MODULE_NOT_FOUND' &&
      String((error as Error).message).startsWith(`Cannot find module '${file}'`)
    ) {
      return undefined;
    }
    throw error;
  }
}

/** The built-in adapters, whose `with:` schemas go into the workflow schema. */
async function builtInAdapters(): Promise<unknown> {
  const registry = await importIfPresent('src/adapters/registry.ts');
  if (registry === undefined || !Array.isArray(registry.builtInAdapters)) {
    throw new Error('src/adapters/registry.ts does not export builtInAdapters');
  }
  return registry.builtInAdapters;
}

const schemaWriters: SchemaWriter[] = [
  {
    label: 'config schema',
    modules: ['src/config/json-schema.ts'],
    exportNames: ['writeConfigSchema', 'writeConfigJsonSchema'],
    call: (writer) => Promise.resolve(writer(rootDir)),
  },
  {
    label: 'workflow schema',
    modules: ['src/engine/workflow/json-schema.ts'],
    exportNames: ['writeWorkflowSchema', 'writeWorkflowJsonSchema'],
    call: async (writer) => writer(rootDir, await builtInAdapters()),
  },
  {
    label: 'diagnostics and test report schemas',
    modules: ['src/adapters/deterministic/tools/artifact-schemas.ts'],
    exportNames: ['writeToolArtifactSchemas', 'writeDiagnosticsSchema'],
    call: (writer) => Promise.resolve(writer(path.join(rootDir, 'schemas'))),
  },
];

async function runSchemaWriter(writer: SchemaWriter): Promise<void> {
  for (const modulePath of writer.modules) {
    const loaded = await importIfPresent(modulePath);
    if (loaded === undefined) continue;
    for (const name of writer.exportNames) {
      const candidate = loaded[name];
      if (typeof candidate !== 'function') continue;
      const written = await writer.call(candidate as WriterFunction);
      const files = (Array.isArray(written) ? written : [written]).filter((file) => typeof file === 'string');
      if (files.length === 0) console.log(`wrote the ${writer.label} (${modulePath} ${name}())`);
      for (const file of files) console.log(`wrote ${path.relative(rootDir, file)}`);
      return;
    }
  }
  console.log(
    `skipped the ${writer.label}: none of ${writer.exportNames.join(', ')} found in ${writer.modules.join(', ')} yet`,
  );
}

async function generate(): Promise<void> {
  const errorsFile = path.join(rootDir, 'docs', 'errors.md');
  await writeFile(errorsFile, renderErrorTable(errorRegistry));
  console.log(`wrote ${path.relative(rootDir, errorsFile)}`);
  for (const writer of schemaWriters) await runSchemaWriter(writer);
}

await generate();
