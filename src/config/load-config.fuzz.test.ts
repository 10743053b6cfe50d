import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { isOuroError } from '../errors/index.js';
import { loadConfig } from './load-config.js';

// Whatever the file holds, loading yields a config or an OuroError: never a TypeError or a stack trace.
let projectDir: string;
beforeAll(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-config-fuzz-'));
});
afterAll(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

async function outcome(text: string, env: Record<string, string> = {}): Promise<'config' | 'error'> {
  fs.writeFileSync(path.join(projectDir, 'ouro.config.yaml'), text);
  try {
    await loadConfig({ projectDir, env });
    return 'config';
  } catch (error) {
    expect(isOuroError(error), String(error)).toBe(true);
    if (isOuroError(error)) expect(['OURO_CONFIG_INVALID']).toContain(error.code);
    return 'error';
  }
}

const sectionNames = [
  'orchestrator',
  'forge',
  'server',
  'logging',
  'safety',
  'workflows',
  'models',
  'agents',
  '__proto__',
];
const keyNames = [
  'mode',
  'port',
  'level',
  'dir',
  'cache',
  'enabled',
  'aliases',
  'type',
  'github',
  'constructor',
  'x',
];
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('manual', 'supervised', 'info', 'github', 'local', '8787'),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...keyNames), fc.string()), tie('node'), { maxKeys: 4 }),
  ),
})).node;
const configLike = fc.dictionary(fc.oneof(fc.constantFrom(...sectionNames), fc.string()), value, {
  maxKeys: 5,
});

describe('loadConfig fuzz', () => {
  it('arbitrary YAML text gives a config or an OuroError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        await outcome(text);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary objects serialized as YAML give a config or an OuroError', async () => {
    let configs = 0;
    await fc.assert(
      fc.asyncProperty(
        configLike,
        fc.dictionary(fc.constantFrom('OURO_MODE', 'OURO_SERVER_PORT', 'OURO_MAX_PARALLEL'), fc.string()),
        async (object, env) => {
          if ((await outcome(stringify(object), env)) === 'config') configs += 1;
        },
      ),
      { numRuns: 300 },
    );
    // The generator reaches valid configs too (e.g. `{}`), so both outcomes are exercised.
    expect(configs).toBeGreaterThan(0);
  });
});
