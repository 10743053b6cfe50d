import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisJsonSchema, analysisTypes, renderAnalysisSchema } from './analysis-schemas.js';

describe('committed ai_analyst schemas', () => {
  for (const type of analysisTypes) {
    it(`schemas/ai/${type}.json matches the Zod schema (run \`npm run generate\` when this fails)`, () => {
      const committed = readFileSync(new URL(`../../../schemas/ai/${type}.json`, import.meta.url), 'utf8');
      expect(committed).toBe(renderAnalysisSchema(type));
    });
  }

  it('every object lists all its properties as required (strict structured output)', () => {
    const check = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(check);
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object' && typeof record.properties === 'object' && record.properties !== null) {
        expect(record.required).toEqual(Object.keys(record.properties));
        expect(record.additionalProperties).toBe(false);
      }
      Object.values(record).forEach(check);
    };
    for (const type of analysisTypes) check(analysisJsonSchema(type));
  });
});
