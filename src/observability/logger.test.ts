import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { OuroError } from '../errors/index.js';
import { createLogger } from './logger.js';
import { LogEvent } from './logger-types.js';
import { createRedactor, redactionMarker, secretsFromEnvironment, secretsFromValue } from './redact.js';

let directory: string;
let file: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-logger-'));
  file = path.join(directory, '.ouro', 'logs', 'ouro.log');
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

function records(): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

describe('secret redaction in the log file (issue 2 §5)', () => {
  it('writes none of the planted secrets, wherever they were planted', () => {
    // Secrets with no recognisable shape: only the literal list and key names can catch them.
    const configToken = 'cfg-forge-token-7f3a9b';
    const configKey = 'cfg-model-key-c0ffee';
    const environmentToken = 'env-gh-token-5e6d7c';
    const environmentPassword = 'env-db-password-1a2b3c';
    const headerKey = 'header-api-key-9z8y7x';
    const urlPassword = 'url-password-4d4d4d';
    // Secrets with a known shape: patterns must catch them even though nobody listed them.
    const shapedTokens = [
      'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      'sk-proj-ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210',
      'AKIAIOSFODNN7EXAMPLE',
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'ouro_Zx81kLmN02pQrS9tUvWxYz3a',
    ];
    const bearer = 'opaque-bearer-value-123456';

    const config = {
      forge: { type: 'github', github: { token: configToken } },
      models: { anthropic: { api_key: configKey } },
      database: { url: `postgres://ouro:${urlPassword}@127.0.0.1:5432/ouro` },
    };
    const environment = {
      GITHUB_TOKEN: environmentToken,
      OURO_DB_PASSWORD: environmentPassword,
      HOME: '/home/ouro',
    };
    const redactor = createRedactor({
      secrets: [...secretsFromEnvironment(environment), ...secretsFromValue(config)],
    });
    const terminal = new PassThrough();
    const terminalText = collect(terminal);
    const handle = createLogger({
      level: 'trace',
      file,
      redactor,
      terminal: { stream: terminal, level: 'trace', color: false },
    });
    const { logger } = handle;

    logger.info({ event: 'config_loaded', config }, 'config loaded');
    logger.debug({ env: environment }, `environment has ${environmentToken}`);
    logger.info(
      {
        event: LogEvent.stepDuration,
        run_id: 'run_1',
        step_id: '1.001',
        actor: 'shell',
        stdout: `token is ${environmentToken}\n${shapedTokens.join('\n')}`,
      },
      'step output',
    );
    logger.info(
      {
        event: LogEvent.trackRequest,
        request: {
          url: `https://bot:${urlPassword}@api.example.com/v1`,
          headers: { Authorization: `Bearer ${bearer}`, 'x-api-key': headerKey, accept: 'application/json' },
        },
      },
      `GET with Authorization: Bearer ${bearer}`,
    );
    const cause = new Error(`connect to postgres://ouro:${urlPassword}@db failed`);
    const failure = new OuroError(
      'OURO_INTERNAL',
      { message: `request with ${configKey} refused` },
      { cause, details: { apiKey: headerKey } },
    );
    logger.error({ event: LogEvent.workflowExecutionFailed, err: failure }, 'run failed');
    logger.error(failure);
    logger.warn(`printf %s and %o`, environmentPassword, { nested: shapedTokens[0] });
    logger.child({ token: configToken, run_id: 'run_2' }).info(`child mentions ${configToken}`);
    handle.close();

    const text = fs.readFileSync(file, 'utf8');
    const planted = [
      configToken,
      configKey,
      environmentToken,
      environmentPassword,
      headerKey,
      urlPassword,
      bearer,
      ...shapedTokens,
    ];
    for (const secret of planted) {
      expect(text, `log file contains ${secret}`).not.toContain(secret);
      expect(terminalText(), `terminal contains ${secret}`).not.toContain(secret);
    }
    expect(text).toContain(redactionMarker);
    // What is not secret survives, so the log stays useful.
    expect(text).toContain('/home/ouro');
    expect(text).toContain('"run_id":"run_1"');
    expect(text).toContain('OURO_INTERNAL');
    expect(records()).toHaveLength(8);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with level labels, ISO time, base fields and event names', () => {
    const handle = createLogger({ level: 'info', file, base: { component: 'cli' } });
    handle.logger.info({ event: LogEvent.workflowStarted, run_id: 'run_1' }, 'started');
    handle.logger.debug('not written at info');
    handle.logger
      .child({ run_id: 'run_1', step_id: '1.001' })
      .warn({ event: LogEvent.stepDuration, duration_ms: 12 });
    handle.close();
    const [first, second, ...rest] = records();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      level: 'info',
      component: 'cli',
      event: 'workflow_started',
      run_id: 'run_1',
      msg: 'started',
      pid: process.pid,
    });
    expect(new Date(first?.time as string).toISOString()).toBe(first?.time);
    expect(second).toMatchObject({
      level: 'warn',
      run_id: 'run_1',
      step_id: '1.001',
      event: 'step_duration',
      duration_ms: 12,
    });
  });

  it('writes readable lines to the terminal at its own level', () => {
    const terminal = new PassThrough();
    const terminalText = collect(terminal);
    const handle = createLogger({
      level: 'debug',
      file,
      terminal: { stream: terminal, level: 'warn', color: false },
    });
    handle.logger.debug('file only');
    handle.logger.warn(
      { event: LogEvent.budgetThreshold, percent: 80, workflow: 'quality ci' },
      'budget at 80%',
    );
    handle.logger.error(new Error('it broke'));
    handle.close();
    const terminalLines = terminalText().trimEnd().split('\n');
    expect(terminalLines).toHaveLength(2);
    expect(terminalLines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}budget_threshold budget at 80% percent=80 workflow="quality ci"$/,
    );
    expect(terminalLines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR it broke error="it broke"$/);
    expect(records().map((record) => record.level)).toEqual(['debug', 'warn', 'error']);
  });

  it('colours the terminal only when asked', () => {
    const plain = new PassThrough();
    const coloured = new PassThrough();
    const plainText = collect(plain);
    const colouredText = collect(coloured);
    createLogger({ level: 'silent', terminal: { stream: plain, level: 'info', color: false } }).logger.info(
      'hello',
    );
    createLogger({ level: 'silent', terminal: { stream: coloured, level: 'info', color: true } }).logger.info(
      'hello',
    );
    // eslint-disable-next-line no-control-regex
    const escape = /\u001b\[/;
    expect(plainText()).not.toMatch(escape);
    expect(colouredText()).toMatch(escape);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('rotates its file by size', () => {
    const handle = createLogger({ level: 'info', file, maxSizeBytes: 400, maxFiles: 2 });
    for (let index = 0; index < 20; index += 1) handle.logger.info({ index }, 'a line of some length');
    handle.close();
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    expect(fs.existsSync(`${file}.2`)).toBe(true);
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(400);
  });

  it('loses no line when the process exits right after logging', () => {
    const child = fileURLToPath(new URL('./test-support/logger-crash-child.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', child, file], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(7);
    const written = records();
    expect(written).toHaveLength(101);
    expect(written.at(-1)).toMatchObject({ level: 'fatal', event: 'workflow_execution_failed' });
  });
});
