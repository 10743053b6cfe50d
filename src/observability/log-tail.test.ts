import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isOuroError } from '../errors/index.js';
import { followLogFile, readLastLines } from './log-tail.js';
import { createRotatingFile, rotateLogFile } from './rotating-file.js';

let directory: string;
let file: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-tail-'));
  file = path.join(directory, 'ouro.log');
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('readLastLines', () => {
  it('returns the last N complete lines, across chunk boundaries and multi-byte characters', () => {
    const lines = Array.from(
      { length: 5000 },
      (_, index) => `{"index":${index},"text":"héllo wörld ${'x'.repeat(index % 50)}"}`,
    );
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const result = readLastLines(file, 1500);
    expect(result.lines).toEqual(lines.slice(-1500));
    expect(result.position.offset).toBe(fs.statSync(file).size);
    expect(readLastLines(file, 0).lines).toEqual([]);
  });

  it('reaches into the rotated file when the live one is short', () => {
    fs.writeFileSync(`${file}.1`, 'a\nb\nc\n');
    fs.writeFileSync(file, 'd\n');
    expect(readLastLines(file, 3).lines).toEqual(['b', 'c', 'd']);
    expect(readLastLines(file, 10).lines).toEqual(['a', 'b', 'c', 'd']);
    fs.rmSync(file);
    expect(readLastLines(file, 2)).toEqual({ lines: ['b', 'c'], position: { inode: -1, offset: 0 } });
  });

  it('raises OURO_LOG_FILE_NOT_FOUND for a missing log', () => {
    let caught: unknown;
    try {
      readLastLines(file, 10);
    } catch (error) {
      caught = error;
    }
    expect(isOuroError(caught) && caught.code).toBe('OURO_LOG_FILE_NOT_FOUND');
  });
});

describe('followLogFile', () => {
  it('prints appended lines and keeps following after a rotation', async () => {
    const writer = createRotatingFile({ file, checkEveryWrites: 1 });
    writer.write('old-1\n');
    const { position } = readLastLines(file, 10);
    const controller = new AbortController();
    const seen: string[] = [];
    const expected = ['before-rotation', 'also-before', 'after-rotation', 'partial then whole'];
    let reached: () => void = () => undefined;
    const allSeen = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const following = followLogFile({
      file,
      position,
      signal: controller.signal,
      pollMilliseconds: 5,
      onLine: (line) => {
        seen.push(line);
        if (seen.length === expected.length) reached();
      },
    });
    writer.write('before-rotation\n');
    writer.write('also-before\n');
    rotateLogFile(file, 3);
    writer.write('after-rotation\n');
    writer.write('partial ');
    writer.write('then whole\n');
    await allSeen;
    controller.abort();
    await following;
    writer.close();
    expect(seen).toEqual(expected);
  });

  it('waits for a file that does not exist yet and stops on abort', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    let reached: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const following = followLogFile({
      file,
      signal: controller.signal,
      pollMilliseconds: 5,
      onLine: (line) => {
        seen.push(line);
        reached();
      },
    });
    fs.writeFileSync(file, 'first\n');
    await first;
    controller.abort();
    await following;
    expect(seen).toEqual(['first']);
  });
});
