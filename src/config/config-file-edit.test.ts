import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isOuroError, type OuroError } from '../errors/index.js';
import { getConfigValue } from './config-key.js';
import { getConfigFileValue, parseCommandLineValue, setConfigFileValue } from './config-file-edit.js';
import { loadConfig } from './load-config.js';

let projectDir: string;
let file: string;

const original = `# Project config — keep this comment
orchestrator:
  # the mode comment
  mode: supervised # trailing comment
  poll_interval: 300

server:
  port: 8787 # port comment
`;

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-config-edit-'));
  file = path.join(projectDir, 'ouro.config.yaml');
  fs.writeFileSync(file, original);
});
afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

async function failure(action: () => Promise<unknown>): Promise<OuroError> {
  try {
    await action();
  } catch (error) {
    if (isOuroError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('setConfigFileValue', () => {
  it('changes one value and keeps every comment', async () => {
    const result = await setConfigFileValue(file, 'orchestrator.mode', 'autonomous');
    expect(result).toMatchObject({ previous: 'supervised', value: 'autonomous' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(original.replace('mode: supervised', 'mode: autonomous'));
    expect((await loadConfig({ projectDir, env: {} })).config.orchestrator.mode).toBe('autonomous');
  });

  it('parses values as YAML and creates missing sections', async () => {
    await setConfigFileValue(file, 'server.port', '9000');
    await setConfigFileValue(file, 'workflows.cache.enabled', 'false');
    await setConfigFileValue(file, 'workflows.env_allowlist', '[PATH, HOME]');
    await setConfigFileValue(file, 'models.aliases.fast', '"openai:gpt-4o-mini"');
    const { config } = await loadConfig({ projectDir, env: {} });
    expect(config.server.port).toBe(9000);
    expect(config.workflows.cache.enabled).toBe(false);
    expect(config.workflows.env_allowlist).toEqual(['PATH', 'HOME']);
    expect(config.models.aliases).toEqual({ fast: 'openai:gpt-4o-mini' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('# Project config — keep this comment');
    expect(text).toContain('port: 9000 # port comment');
    expect(await getConfigFileValue(file, 'server.port')).toBe(9000);
    expect(await getConfigFileValue(file, 'logging.level')).toBeUndefined();
  });

  it('rejects an invalid value and leaves the file untouched', async () => {
    const before = fs.statSync(file);
    const wrongType = await failure(() => setConfigFileValue(file, 'server.port', 'eighty'));
    expect(wrongType.code).toBe('OURO_CONFIG_INVALID');
    const details = wrongType.details as { problems: Array<{ path: string; line: number }> };
    expect(details.problems[0]).toMatchObject({ path: 'server.port', line: 8 });
    const badMode = await failure(() => setConfigFileValue(file, 'orchestrator.mode', 'supervized'));
    expect(badMode.code).toBe('OURO_CONFIG_INVALID');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readdirSync(projectDir)).toEqual(['ouro.config.yaml']);
  });

  it('rejects unknown keys with a suggestion, and a missing file', async () => {
    const unknown = await failure(() => setConfigFileValue(file, 'orchestrator.mod', 'manual'));
    expect(unknown.code).toBe('OURO_CONFIG_KEY_UNKNOWN');
    expect(unknown.remedy).toContain('orchestrator.mode');
    expect((await failure(() => setConfigFileValue(file, 'nope', '1'))).code).toBe('OURO_CONFIG_KEY_UNKNOWN');
    const missing = await failure(() =>
      setConfigFileValue(path.join(projectDir, 'none.yaml'), 'server.port', '1'),
    );
    expect(missing.code).toBe('OURO_CONFIG_NOT_FOUND');
  });

  it('edits an empty file', async () => {
    fs.writeFileSync(file, '');
    await setConfigFileValue(file, 'logging.level', 'debug');
    expect((await loadConfig({ projectDir, env: {} })).config.logging.level).toBe('debug');
  });
});

describe('getConfigValue', () => {
  it('reads effective values by dotted key, including records and list items', async () => {
    fs.writeFileSync(file, 'models:\n  aliases:\n    fast: openai:gpt-4o-mini\n');
    const { config } = await loadConfig({ projectDir, env: { OURO_MODE: 'manual' } });
    expect(getConfigValue(config, 'orchestrator.mode')).toBe('manual');
    expect(getConfigValue(config, 'models.aliases.fast')).toBe('openai:gpt-4o-mini');
    expect(getConfigValue(config, 'models.aliases.slow')).toBeUndefined();
    expect(getConfigValue(config, 'workflows.env_allowlist.0')).toBe('PATH');
    expect(getConfigValue(config, 'database.url')).toBeUndefined();
    expect(getConfigValue(config, 'server')).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(() => getConfigValue(config, 'server.prot')).toThrow(/Unknown config key/);
    expect(() => getConfigValue(config, '')).toThrow(/Unknown config key/);
  });
});

describe('parseCommandLineValue', () => {
  it('reads YAML scalars', () => {
    expect(parseCommandLineValue('true')).toBe(true);
    expect(parseCommandLineValue('3')).toBe(3);
    expect(parseCommandLineValue('"3"')).toBe('3');
    expect(parseCommandLineValue('x')).toBe('x');
  });
});
