import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { configTemplate } from './config-template.js';
import { configJsonSchema, configJsonSchemaText } from './json-schema.js';

const committed = new URL('../../schemas/config.schema.json', import.meta.url);

describe('config JSON Schema', () => {
  it('matches the committed schemas/config.schema.json (regenerate with writeConfigJsonSchema)', () => {
    expect(fs.readFileSync(committed, 'utf8')).toBe(configJsonSchemaText());
  });

  it('is draft 2020-12 and validates configs like the Zod schema does', () => {
    const schema = configJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);

    expect(validate(parse(configTemplate('x')))).toBe(true);
    expect(validate({})).toBe(true);
    const sample = {
      orchestrator: { mode: 'autonomous', poll_interval: 60 },
      forge: { type: 'github', github: { owner: 'acme', repo: 'app' } },
      models: {
        aliases: { fast: 'openai:gpt-4o-mini' },
        providers: { local: { base_url: 'http://127.0.0.1:11434/v1' } },
      },
      agents: { claude_code: { timeout_minutes: 20 } },
      notifications: { webhooks: [{ url: 'https://hooks.example.com/ouro' }] },
      database: { url: 'postgres://postgres@127.0.0.1:5432/test' },
    };
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);

    expect(validate({ orchestrator: { mdoe: 'manual' } })).toBe(false);
    expect(validate.errors?.[0]?.keyword).toBe('additionalProperties');
    expect(validate({ server: { port: 'x' } })).toBe(false);
    expect(validate({ orchestrator: { mode: 'yolo' } })).toBe(false);
  });
});
