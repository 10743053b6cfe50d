import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;
const cliArguments = (...rest: string[]): string[] => [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  runner,
  '--',
  ...rest,
];

let projectDir: string;
let logFile: string;

function record(index: number): string {
  return JSON.stringify({
    level: 'info',
    time: '2026-01-01T00:00:00.000Z',
    event: 'workflow_started',
    msg: `line ${index}`,
    run_id: `run_${index}`,
  });
}

function ouro(...rest: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, cliArguments('-C', projectDir, ...rest), { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-logs-cli-'));
  logFile = path.join(projectDir, '.ouro', 'logs', 'ouro.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, `${[1, 2, 3].map(record).join('\n')}\n`);
});
afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

describe('ouro logs', () => {
  it('tail prints the last lines: raw JSON lines with --json, readable lines otherwise', () => {
    const json = ouro('logs', 'tail', '-n', '2', '--json');
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).toBe(`${record(2)}\n${record(3)}\n`);
    const human = ouro('logs', 'tail', '-n', '1');
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toBe('00:00:00.000 INFO  workflow_started line 3 run_id=run_3\n');
  });

  it('rotate rotates the configured file and reports it; tail still finds the old lines', () => {
    fs.writeFileSync(
      path.join(projectDir, 'ouro.config.yaml'),
      'logging:\n  file: custom/app.log\n  max_files: 2\n',
    );
    const custom = path.join(projectDir, 'custom', 'app.log');
    fs.mkdirSync(path.dirname(custom), { recursive: true });
    fs.writeFileSync(custom, `${record(9)}\n`);
    const result = ouro('logs', 'rotate', '--json');
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      file: custom,
      rotated: true,
      renamed: [{ from: custom, to: `${custom}.1` }],
      maxFiles: 2,
    });
    expect(fs.readFileSync(`${custom}.1`, 'utf8')).toBe(`${record(9)}\n`);
    expect(fs.existsSync(`${logFile}.1`)).toBe(false);
    expect(ouro('logs', 'tail', '--json').stdout).toBe(`${record(9)}\n`);
    const again = ouro('logs', 'rotate');
    expect(again.stdout).toBe(`nothing to rotate: ${custom} is empty\n`);
  });

  it('tail fails with OURO_LOG_FILE_NOT_FOUND when there is no log', () => {
    fs.rmSync(logFile);
    const result = ouro('logs', 'tail', '--json');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'OURO_LOG_FILE_NOT_FOUND' } });
  });

  it('still reads the default log when the config is invalid, and says so', () => {
    fs.writeFileSync(path.join(projectDir, 'ouro.config.yaml'), 'logging:\n  levle: debug\n');
    const result = ouro('logs', 'tail', '-n', '1');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('line 3');
    expect(result.stderr).toContain('OURO_CONFIG_INVALID');
    expect(result.stderr).toContain('using the default log settings');
  });

  it('tail rejects a bad line count as a usage error', () => {
    expect(ouro('logs', 'tail', '-n', 'many').status).toBe(2);
  });

  it('tail -f follows across a rotation until interrupted', async () => {
    const child = spawn(
      process.execPath,
      cliArguments('-C', projectDir, 'logs', 'tail', '-n', '1', '-f', '--json'),
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const nextLine = async (): Promise<string> => {
      const next = await lines.next();
      if (next.done === true) throw new Error('tail -f ended early');
      return next.value;
    };
    expect(await nextLine()).toBe(record(3));
    fs.appendFileSync(logFile, `${record(4)}\n`);
    expect(await nextLine()).toBe(record(4));
    expect(ouro('logs', 'rotate').status).toBe(0);
    fs.appendFileSync(logFile, `${record(5)}\n`);
    expect(await nextLine()).toBe(record(5));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
