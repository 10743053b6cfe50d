import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;

let projectDir: string;

function ouro(
  rest: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const cleanEnvironment = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('OURO_') || name === 'OURO_TEST_DATABASE_URL',
    ),
  );
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', runner, '--', '-C', projectDir, ...rest],
    { encoding: 'utf8', env: { ...cleanEnvironment, ...env } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-config-cli-'));
});
afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

describe('ouro init / validate-config / config', () => {
  it('init then validate-config, get and set round-trip', () => {
    const init = ouro(['init', '--json']);
    expect(init.status, init.stderr).toBe(0);
    const initDocument = JSON.parse(init.stdout) as { files: Array<{ path: string; action: string }> };
    expect(initDocument.files.map((file) => file.action)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);

    const valid = ouro(['validate-config', '--json']);
    expect(valid.status, valid.stderr).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({
      valid: true,
      file: path.join(projectDir, 'ouro.config.yaml'),
      problems: [],
    });

    const set = ouro(['config', 'set', 'orchestrator.mode', 'autonomous']);
    expect(set.status, set.stderr).toBe(0);
    expect(fs.readFileSync(path.join(projectDir, 'ouro.config.yaml'), 'utf8')).toContain(
      '  # manual | supervised | autonomous | shadow\n  mode: autonomous\n',
    );
    const get = ouro(['config', 'get', 'orchestrator.mode']);
    expect(get.stdout).toBe('autonomous\n');
    const fromEnvironment = ouro(['config', 'get', 'orchestrator.mode', '--json'], { OURO_MODE: 'shadow' });
    expect(JSON.parse(fromEnvironment.stdout)).toEqual({
      key: 'orchestrator.mode',
      value: 'shadow',
      source: 'env',
    });
    const section = ouro(['config', 'get', 'server']);
    expect(section.stdout).toBe('host: 127.0.0.1\nport: 8787\n');
  });

  it('validate-config prints file:line:column path message (did you mean …?) and exits 2', () => {
    fs.writeFileSync(
      path.join(projectDir, 'ouro.config.yaml'),
      'orchestrator:\n  mdoe: manual\nserver:\n  port: "x"\n',
    );
    const result = ouro(['validate-config']);
    expect(result.status).toBe(2);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'ouro.config.yaml:2:3 orchestrator.mdoe unknown key "mdoe" in orchestrator (did you mean "mode"?)',
      'ouro.config.yaml:4:9 server.port Invalid input: expected number, received string',
    ]);
    const json = ouro(['validate-config', '--json']);
    expect(json.status).toBe(2);
    const document = JSON.parse(json.stdout) as { valid: boolean; problems: Array<{ suggestion?: string }> };
    expect(document.valid).toBe(false);
    expect(document.problems[0]?.suggestion).toBe('mode');
  });

  it('config set refuses an invalid value with exit 2 and leaves the file alone', () => {
    const file = path.join(projectDir, 'ouro.config.yaml');
    fs.writeFileSync(file, '# mine\nserver:\n  port: 80\n');
    const result = ouro(['config', 'set', 'server.port', 'eighty']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error OURO_CONFIG_INVALID');
    expect(fs.readFileSync(file, 'utf8')).toBe('# mine\nserver:\n  port: 80\n');
    const unknown = ouro(['config', 'get', 'sever.port', '--json']);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'OURO_CONFIG_KEY_UNKNOWN' } });
  });

  it('config set without a config file asks for ouro init; an explicit --config must exist', () => {
    const missing = ouro(['config', 'set', 'server.port', '1']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('OURO_CONFIG_NOT_FOUND');
    expect(missing.stderr).toContain('ouro init');
    const explicit = ouro(['--config', 'nope.yaml', 'validate-config']);
    expect(explicit.status).toBe(2);
    expect(explicit.stderr).toContain('OURO_CONFIG_NOT_FOUND');
  });
});
