import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultAdapterRegistry } from '../../adapters/registry.js';
import { validateDocument } from '../../adapters/json-schema/validate-document.js';
import { workflowJsonSchema, workflowJsonSchemaPath, workflowJsonSchemaText } from './json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('schemas/workflow.schema.json', () => {
  it('is up to date with the Zod schemas and the adapters (run `npm run generate` when this fails)', () => {
    expect(readFileSync(path.join(root, workflowJsonSchemaPath), 'utf8')).toBe(
      workflowJsonSchemaText(defaultAdapterRegistry().list()),
    );
  });

  it('accepts the shipped workflows', () => {
    const schema = workflowJsonSchema(defaultAdapterRegistry().list());
    for (const name of ['quality.yaml', 'py-triage.yaml', 'ai-fix.yaml']) {
      const document: unknown = parse(readFileSync(path.join(root, '.ai', 'workflows', name), 'utf8'));
      expect(validateDocument(schema, document)).toEqual([]);
    }
  });

  it('rejects unknown keys, unknown actors and invalid params of an actor', () => {
    const schema = workflowJsonSchema(defaultAdapterRegistry().list());
    const problems = validateDocument(schema, {
      name: 'x',
      steps: [
        { id: '1.001', actor: 'sleep', with: { seconds: 'soon' } },
        { id: '1.002', actor: 'nope' },
        { id: '1.003', actor: 'noop', surprise: true },
      ],
    });
    const paths = problems.map((problem) => problem.path.join('.'));
    expect(paths).toContain('steps.0.with.seconds');
    expect(paths).toContain('steps.1.actor');
    expect(paths).toContain('steps.2.surprise');
  });
});
