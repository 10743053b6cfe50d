import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isOuroError, type OuroError } from '../errors/index.js';
import type { ConfigProblem } from './config-problem.js';
import { resolveLogFile, resolveWorkDir } from './config-paths.js';
import { loadConfig } from './load-config.js';

let projectDir: string;

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-config-'));
});
afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = path.join(projectDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

async function loadError(options: Partial<Parameters<typeof loadConfig>[0]> = {}): Promise<OuroError> {
  try {
    await loadConfig({ projectDir, env: {}, ...options });
  } catch (error) {
    if (isOuroError(error)) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

function problemsOf(error: OuroError): ConfigProblem[] {
  return (error.details as { problems: ConfigProblem[] }).problems;
}

describe('loadConfig', () => {
  it('fills every default when there is no file', async () => {
    const loaded = await loadConfig({ projectDir, env: {} });
    expect(loaded.file).toBeUndefined();
    expect(loaded.sources).toEqual({});
    expect(loaded.config.orchestrator).toEqual({
      mode: 'supervised',
      poll_interval: 300,
      work_dir: '.ouro',
      max_concurrent: 2,
    });
    expect(loaded.config.workflows.env_allowlist).toEqual([
      'PATH',
      'HOME',
      'LANG',
      'LC_ALL',
      'TERM',
      'TMPDIR',
      'CI',
      'NODE_OPTIONS',
    ]);
    expect(loaded.config.workflows.cache.enabled).toBe(true);
    expect(loaded.config.safety.protected_paths).toContain('.github/workflows/**');
    expect(loaded.config.safety.cost_limits.daily_limit).toBeGreaterThan(0);
    expect(loaded.config.server).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(loaded.config.logging).toEqual({
      level: 'info',
      file: '.ouro/logs/ouro.log',
      max_size_mb: 10,
      max_files: 5,
    });
    expect(loaded.config.forge.type).toBe('local');
    expect(loaded.config.database.url).toBeUndefined();
    expect(resolveWorkDir(loaded.config, projectDir)).toBe(path.join(projectDir, '.ouro'));
    expect(resolveLogFile(loaded.config, projectDir)).toBe(
      path.join(projectDir, '.ouro', 'logs', 'ouro.log'),
    );
  });

  it('applies defaults → file → .env → environment → flags, and records the sources', async () => {
    const file = write(
      'ouro.config.yaml',
      'orchestrator:\n  mode: manual\n  poll_interval: 60\nserver:\n  port: 9000\nlogging:\n  level: warn\nmodels:\n  aliases:\n    fast: openai:gpt-4o-mini\n',
    );
    write('.env', 'OURO_LOG_LEVEL=debug\nOURO_MODEL=ollama:llama3\nOURO_SERVER_PORT=9100\n');
    const loaded = await loadConfig({
      projectDir,
      env: { OURO_SERVER_PORT: '9200', OURO_MODE: 'shadow', OURO_MAX_PARALLEL: '7' },
      flags: { mode: 'autonomous' },
    });
    expect(loaded.file).toBe(file);
    const { config, sources } = loaded;
    expect(config.orchestrator.poll_interval).toBe(60); // file
    expect(config.logging.level).toBe('debug'); // .env over file
    expect(config.models.default).toBe('ollama:llama3'); // .env over default
    expect(config.server.port).toBe(9200); // real environment over .env
    expect(config.workflows.max_parallel).toBe(7); // environment, converted to a number
    expect(config.orchestrator.mode).toBe('autonomous'); // flag over environment
    expect(config.orchestrator.max_concurrent).toBe(2); // default
    expect(sources).toEqual({
      'orchestrator.mode': 'flag',
      'orchestrator.poll_interval': 'file',
      'server.port': 'env',
      'logging.level': 'env',
      'models.default': 'env',
      'models.aliases.fast': 'file',
      'workflows.max_parallel': 'env',
    });
  });

  it('does not change process.env when reading .env', async () => {
    write('.env', 'OURO_TEST_ONLY_VARIABLE=1\n');
    await loadConfig({ projectDir });
    expect(process.env.OURO_TEST_ONLY_VARIABLE).toBeUndefined();
  });

  it('falls back to .ouro/config.yaml, and an explicit file must exist', async () => {
    write('.ouro/config.yaml', 'server:\n  port: 1234\n');
    expect((await loadConfig({ projectDir, env: {} })).config.server.port).toBe(1234);
    write('ouro.config.yaml', 'server:\n  port: 4321\n');
    expect((await loadConfig({ projectDir, env: {} })).config.server.port).toBe(4321);
    write('other.yaml', 'server:\n  port: 1111\n');
    expect((await loadConfig({ projectDir, env: {}, configFile: 'other.yaml' })).config.server.port).toBe(
      1111,
    );
    const error = await loadError({ configFile: 'missing.yaml' });
    expect(error.code).toBe('OURO_CONFIG_NOT_FOUND');
    expect(error.message).toContain('missing.yaml');
  });

  it('reports unknown keys with a suggestion and the line of the key', async () => {
    write(
      'ouro.config.yaml',
      '# header\norchestrator:\n  mdoe: manual\n  max_concurent: 3\nsevrer:\n  port: 1\n',
    );
    const error = await loadError();
    expect(error.code).toBe('OURO_CONFIG_INVALID');
    expect(problemsOf(error)).toEqual([
      expect.objectContaining({
        path: 'orchestrator.mdoe',
        line: 3,
        column: 3,
        suggestion: 'mode',
        source: 'file',
      }),
      expect.objectContaining({
        path: 'orchestrator.max_concurent',
        line: 4,
        column: 3,
        suggestion: 'max_concurrent',
      }),
      expect.objectContaining({ path: 'sevrer', line: 5, column: 1, suggestion: 'server' }),
    ]);
    expect(error.message).toContain('orchestrator.mdoe');
    expect(error.message).toContain('and 2 more');
  });

  it('suggests nothing for an unrelated unknown key, and lists the known keys instead', async () => {
    write('ouro.config.yaml', 'server:\n  zzzzzzzz: 1\n');
    const [problem] = problemsOf(await loadError());
    expect(problem?.suggestion).toBeUndefined();
    expect(problem?.message).toContain('known keys: host, port');
  });

  it('reports bad types and values at the value, with suggestions for enum typos', async () => {
    write(
      'ouro.config.yaml',
      [
        'orchestrator:',
        '  mode: supervized',
        '  poll_interval: "often"',
        'workflows:',
        '  env_allowlist: [PATH, "not a name"]',
        'safety:',
        '  cost_limits: { daily_limit: 500, monthly_limit: 100 }',
        'forge:',
        '  type: github',
        '',
      ].join('\n'),
    );
    const problems = problemsOf(await loadError());
    expect(problems.map((problem) => [problem.path, problem.line, problem.column])).toEqual([
      ['orchestrator.mode', 2, 9],
      ['orchestrator.poll_interval', 3, 18],
      ['workflows.env_allowlist[1]', 5, 25],
      ['safety.cost_limits.daily_limit', 7, 31],
      ['forge.github', 9, 3],
    ]);
    expect(problems[0]?.suggestion).toBe('supervised');
    expect(problems[3]?.message).toContain('exceeds monthly_limit');
  });

  it('names the environment variable or flag a bad value came from, without a file position', async () => {
    write('ouro.config.yaml', 'server:\n  port: 80\n');
    const problems = problemsOf(
      await loadError({
        env: { OURO_SERVER_PORT: 'eighty', OURO_LOG_LEVEL: 'loud' },
        flags: { mode: 'yolo' },
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: 'logging.level', source: 'env' }),
      expect.objectContaining({ path: 'orchestrator.mode', source: 'flag' }),
      expect.objectContaining({ path: 'server.port', source: 'env' }),
    ]);
    for (const problem of problems) expect(problem.line).toBeUndefined();
    expect(problems[2]?.message).toContain('OURO_SERVER_PORT');
    expect(problems[1]?.message).toContain('--mode');
  });

  it('turns YAML syntax errors and non-mapping files into OURO_CONFIG_INVALID with a position', async () => {
    write('ouro.config.yaml', 'server:\n  port: 1\n  port: 2\n');
    const duplicate = await loadError();
    expect(duplicate.code).toBe('OURO_CONFIG_INVALID');
    expect(problemsOf(duplicate)[0]).toMatchObject({ line: 3, column: 3 });
    write('ouro.config.yaml', '- just\n- a list\n');
    const list = await loadError();
    expect(list.code).toBe('OURO_CONFIG_INVALID');
    expect(problemsOf(list)[0]).toMatchObject({ path: '', line: 1 });
  });

  it('accepts an empty file and a file of comments', async () => {
    write('ouro.config.yaml', '# nothing yet\n');
    expect((await loadConfig({ projectDir, env: {} })).config.orchestrator.mode).toBe('supervised');
  });

  it('takes database.url from OURO_DATABASE_URL and rejects unknown URL schemes', async () => {
    const loaded = await loadConfig({
      projectDir,
      env: { OURO_DATABASE_URL: 'postgres://postgres@127.0.0.1/test' },
    });
    expect(loaded.config.database.url).toBe('postgres://postgres@127.0.0.1/test');
    write('ouro.config.yaml', 'database:\n  url: sqlite:data/ouro.db\n');
    expect((await loadConfig({ projectDir, env: {} })).config.database.url).toBe('sqlite:data/ouro.db');
    const error = await loadError({ env: { OURO_DATABASE_URL: 'mysql://x' } });
    expect(problemsOf(error)[0]).toMatchObject({ path: 'database.url', source: 'env' });
  });
});
