import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSchema, toolArtifactSchemas } from './artifact-schemas.js';

describe('committed tool artifact schemas', () => {
  for (const [name, build] of Object.entries(toolArtifactSchemas)) {
    it(`schemas/${name} matches the Zod schema`, () => {
      const committed = readFileSync(new URL(`../../../../schemas/${name}`, import.meta.url), 'utf8');
      // On drift: node --import tsx -e "import('./src/adapters/deterministic/tools/artifact-schemas.ts').then((m) => m.writeToolArtifactSchemas('schemas'))"
      expect(committed).toBe(renderSchema(build()));
    });
  }
});
