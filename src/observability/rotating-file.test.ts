import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRotatingFile, rotateLogFile } from './rotating-file.js';

let directory: string;
let file: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-rotating-'));
  file = path.join(directory, 'logs', 'ouro.log');
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

const read = (name: string): string => fs.readFileSync(name, 'utf8');
const lines = (name: string): string[] => read(name).split('\n').filter(Boolean);

describe('createRotatingFile', () => {
  it('creates the directory and appends lines', () => {
    const destination = createRotatingFile({ file });
    destination.write('one\n');
    destination.write('two\n');
    destination.close();
    expect(read(file)).toBe('one\ntwo\n');
    expect(destination.write('after close\n')).toBe(false);
  });

  it('rotates by size and keeps at most maxFiles rotated files', () => {
    // 10-byte lines, 25-byte limit: two lines per file.
    const destination = createRotatingFile({ file, maxSizeBytes: 25, maxFiles: 2 });
    for (let index = 0; index < 9; index += 1) destination.write(`line-${index}...\n`);
    destination.close();
    expect(lines(file)).toEqual(['line-8...']);
    expect(lines(`${file}.1`)).toEqual(['line-6...', 'line-7...']);
    expect(lines(`${file}.2`)).toEqual(['line-4...', 'line-5...']);
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    for (const name of [file, `${file}.1`, `${file}.2`])
      expect(fs.statSync(name).size).toBeLessThanOrEqual(25);
  });

  it('writes a line bigger than the limit whole instead of splitting it', () => {
    const destination = createRotatingFile({ file, maxSizeBytes: 10, maxFiles: 3 });
    destination.write('short\n');
    destination.write(`${'x'.repeat(30)}\n`);
    destination.close();
    expect(read(`${file}.1`)).toBe('short\n');
    expect(read(file)).toBe(`${'x'.repeat(30)}\n`);
  });

  it('rotates on demand and goes on writing to a fresh file', () => {
    const destination = createRotatingFile({ file, maxFiles: 3 });
    destination.write('before\n');
    const result = destination.rotate();
    destination.write('after\n');
    destination.close();
    expect(result.rotated).toBe(true);
    expect(result.renamed).toEqual([{ from: file, to: `${file}.1` }]);
    expect(read(`${file}.1`)).toBe('before\n');
    expect(read(file)).toBe('after\n');
  });
});

describe('rotateLogFile', () => {
  it('shifts every rotated file up by one and deletes what falls beyond maxFiles', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'current\n');
    fs.writeFileSync(`${file}.1`, 'one\n');
    fs.writeFileSync(`${file}.2`, 'two\n');
    fs.writeFileSync(`${file}.3`, 'three\n');
    fs.writeFileSync(`${file}.7`, 'stale\n');
    const result = rotateLogFile(file, 3);
    expect(result.rotated).toBe(true);
    expect(result.deleted.sort()).toEqual([`${file}.3`, `${file}.7`]);
    expect(result.renamed).toEqual([
      { from: `${file}.2`, to: `${file}.3` },
      { from: `${file}.1`, to: `${file}.2` },
      { from: file, to: `${file}.1` },
    ]);
    expect(read(file)).toBe('');
    expect(read(`${file}.1`)).toBe('current\n');
    expect(read(`${file}.2`)).toBe('one\n');
    expect(read(`${file}.3`)).toBe('two\n');
    expect(fs.existsSync(`${file}.7`)).toBe(false);
  });

  it('does nothing when the file is missing or empty', () => {
    expect(rotateLogFile(file, 3)).toMatchObject({ rotated: false, reason: 'missing' });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    expect(rotateLogFile(file, 3)).toMatchObject({ rotated: false, reason: 'empty' });
    expect(fs.existsSync(`${file}.1`)).toBe(false);
  });
});

describe('several processes writing one log', () => {
  const childScript = fileURLToPath(new URL('./test-support/log-writer-child.ts', import.meta.url));
  let child: ChildProcessWithoutNullStreams | undefined;

  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  async function startWriter(checkEveryWrites: number): Promise<(command: string) => Promise<void>> {
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', childScript, file, String(checkEveryWrites)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child = started;
    let stderr = '';
    started.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const answers = readline.createInterface({ input: started.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<string> => {
      const answer = await answers.next();
      if (answer.done === true) throw new Error(`log writer child ended: ${stderr}`);
      return answer.value;
    };
    expect(await next()).toBe('ready');
    return async (command: string) => {
      started.stdin.write(`${command}\n`);
      expect(await next()).toBe('ok');
    };
  }

  it('a writer in another process moves to the new file after a forced rotation', async () => {
    const send = await startWriter(1);
    await send('write child-before');
    const result = rotateLogFile(file, 3);
    expect(result.rotated).toBe(true);
    await send('write child-after');
    expect(lines(`${file}.1`)).toEqual(['child-before']);
    expect(lines(file)).toEqual(['child-after']);
  });

  it('with the default cadence the other writer reopens within 64 writes', async () => {
    const send = await startWriter(64);
    await send('write before');
    rotateLogFile(file, 3);
    for (let index = 0; index < 64; index += 1) await send(`write after-${index}`);
    // Lines written before the periodic check land in the rotated file; none is lost, and the
    // writer is on the new file by the 64th write at the latest.
    const all = [...lines(`${file}.1`), ...lines(file)];
    expect(all).toEqual(['before', ...Array.from({ length: 64 }, (_, index) => `after-${index}`)]);
    expect(lines(file)).toContain('after-63');
    expect(lines(`${file}.1`)[0]).toBe('before');
  });
});
