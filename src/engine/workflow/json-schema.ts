/**
 * Generates `schemas/workflow.schema.json` from the Zod schemas, with each actor's `with:` schema
 * attached through if/then on the step's `actor`, so editors validate parameters per actor.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AnyAdapter } from '../../adapters/types.js';
import { workflowSchema } from './workflow-schema.js';

export const workflowJsonSchemaPath = path.join('schemas', 'workflow.schema.json');

/** Template strings (`${{ … }}`) are accepted wherever a parameter value is. */
function allowTemplates(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(allowTemplates);
  const record = schema as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'properties' && value && typeof value === 'object') {
      result.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          { anyOf: [allowTemplates(property), { type: 'string', pattern: '\\$\\{\\{' }] },
        ]),
      );
    } else {
      result[key] = value;
    }
  }
  return result;
}

export function workflowJsonSchema(adapters: readonly AnyAdapter[]): Record<string, unknown> {
  const base = z.toJSONSchema(workflowSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const perActor = [...adapters]
    .sort((left, right) => left.id.localeCompare(right.id))
    .map((adapter) => {
      const params = z.toJSONSchema(adapter.params, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >;
      delete params.$schema;
      return {
        if: { properties: { actor: { const: adapter.id } }, required: ['actor'] },
        then: { properties: { with: allowTemplates(params) } },
      };
    });
  const actorIds = adapters.map((adapter) => adapter.id).sort();
  const properties = base.properties as Record<string, Record<string, unknown>>;
  const steps = properties.steps as { items: Record<string, unknown> };
  const stepProperties = steps.items.properties as Record<string, Record<string, unknown>>;
  stepProperties.actor = { ...stepProperties.actor, enum: actorIds };
  steps.items.allOf = perActor;
  return {
    ...base,
    $id: 'https://ouro.dev/schemas/workflow.schema.json',
    title: 'Ouro workflow',
  };
}

export function workflowJsonSchemaText(adapters: readonly AnyAdapter[]): string {
  return `${JSON.stringify(workflowJsonSchema(adapters), null, 2)}\n`;
}

export async function writeWorkflowSchema(rootDir: string, adapters: readonly AnyAdapter[]): Promise<string> {
  const target = path.join(rootDir, workflowJsonSchemaPath);
  await writeFile(target, workflowJsonSchemaText(adapters));
  return target;
}
