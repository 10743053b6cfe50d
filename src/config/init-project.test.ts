import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { configTemplate } from './config-template.js';
import { initProject, schemaReferenceFor } from './init-project.js';
import { loadConfig } from './load-config.js';
import { ouroConfigSchema } from './schema/ouro-config.js';

let projectDir: string;
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-init-'));
});
afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

const read = (name: string): string => fs.readFileSync(path.join(projectDir, name), 'utf8');

describe('initProject', () => {
  it('creates the config, .ouro/, the .gitignore entry and the quality workflow', async () => {
    const results = await initProject(projectDir);
    expect(results.map(({ path: file, action }) => [file, action])).toEqual([
      ['ouro.config.yaml', 'created'],
      ['.ouro/', 'created'],
      ['.gitignore', 'created'],
      [path.join('.ai', 'workflows', 'quality.yaml'), 'created'],
    ]);
    const config = read('ouro.config.yaml');
    expect(config.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=node_modules/ouro/schemas/config.schema.json',
    );
    expect(fs.statSync(path.join(projectDir, '.ouro')).isDirectory()).toBe(true);
    expect(read('.gitignore')).toBe('.ouro/\n');
    const workflow = parse(read('.ai/workflows/quality.yaml')) as { name: string; steps: unknown[] };
    expect(typeof workflow.name).toBe('string');
    expect(workflow.steps.length).toBeGreaterThan(0);
    const repositoryWorkflow = path.join(repositoryRoot, '.ai', 'workflows', 'quality.yaml');
    if (fs.existsSync(repositoryWorkflow)) {
      expect(read('.ai/workflows/quality.yaml')).toBe(fs.readFileSync(repositoryWorkflow, 'utf8'));
    }
    expect((await loadConfig({ projectDir, env: {} })).file).toBe(path.join(projectDir, 'ouro.config.yaml'));
  });

  it('is idempotent and never overwrites without force', async () => {
    fs.writeFileSync(path.join(projectDir, '.gitignore'), 'node_modules\n/.ouro');
    fs.mkdirSync(path.join(projectDir, '.ai', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(projectDir, '.ai', 'workflows', 'quality.yaml'), 'mine\n');
    await initProject(projectDir);
    fs.writeFileSync(path.join(projectDir, 'ouro.config.yaml'), 'server:\n  port: 1\n');
    const second = await initProject(projectDir);
    expect(second.every((result) => result.action === 'skipped')).toBe(true);
    expect(read('ouro.config.yaml')).toBe('server:\n  port: 1\n');
    expect(read('.gitignore')).toBe('node_modules\n/.ouro');
    expect(read('.ai/workflows/quality.yaml')).toBe('mine\n');

    const forced = await initProject(projectDir, { force: true });
    expect(forced[0]).toMatchObject({ path: 'ouro.config.yaml', action: 'overwritten' });
    expect(read('ouro.config.yaml')).toContain('# yaml-language-server');
    expect(read('.ai/workflows/quality.yaml')).toBe('mine\n');
  });

  it('appends .ouro/ to an existing .gitignore once', async () => {
    fs.writeFileSync(path.join(projectDir, '.gitignore'), 'node_modules');
    const [, , gitignore] = await initProject(projectDir);
    expect(gitignore).toMatchObject({ action: 'updated' });
    await initProject(projectDir);
    expect(read('.gitignore')).toBe('node_modules\n.ouro/\n');
  });

  it('treats .ouro/config.yaml as an existing config', async () => {
    fs.mkdirSync(path.join(projectDir, '.ouro'));
    fs.writeFileSync(path.join(projectDir, '.ouro', 'config.yaml'), '{}\n');
    const [config] = await initProject(projectDir);
    expect(config).toMatchObject({ action: 'skipped' });
    expect(fs.existsSync(path.join(projectDir, 'ouro.config.yaml'))).toBe(false);
  });

  it('points at the repository schema by a relative path inside the Ouro repository', () => {
    const inside = path.join(repositoryRoot, 'examples', 'demo-ts');
    expect(schemaReferenceFor(inside)).toBe('../../schemas/config.schema.json');
    expect(schemaReferenceFor(projectDir)).toBe('node_modules/ouro/schemas/config.schema.json');
  });
});

describe('configTemplate', () => {
  it('is a valid config whose active values are the defaults', () => {
    const written = parse(configTemplate('x')) as Record<string, Record<string, unknown>>;
    const parsed = ouroConfigSchema.parse(written);
    const defaults = ouroConfigSchema.parse({});
    expect(parsed).toEqual(defaults);
    // And it actually sets values: every section but the commented ones appears.
    expect(Object.keys(written)).toEqual(
      expect.arrayContaining(['orchestrator', 'forge', 'models', 'safety', 'workflows', 'server', 'logging']),
    );
  });
});
