/**
 * Reading the log back for `ouro logs tail`: the last N lines (reaching into `ouro.log.1` when the
 * live file is shorter), and following the file across rotations by polling — fs.watch is not reliable
 * across platforms and network filesystems, and a rename must be noticed even if no event arrives.
 * Limit: a rotation that happens twice within one poll interval skips the middle file's last lines.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { OuroError } from '../errors/index.js';

export interface LastLines {
  lines: string[];
  /** Where following should start so that nothing is printed twice or missed. */
  position: { inode: number; offset: number };
}

const chunkSize = 64 * 1024;

/** The last `count` complete lines of one file (no rotation handling). */
function lastLinesOfFile(descriptor: number, size: number, count: number): string[] {
  if (count <= 0 || size === 0) return [];
  let end = size;
  let text = '';
  let newlines = 0;
  while (end > 0 && newlines <= count) {
    const start = Math.max(0, end - chunkSize);
    const buffer = Buffer.alloc(end - start);
    fs.readSync(descriptor, buffer, 0, buffer.length, start);
    // Decoding per chunk can split a multi-byte character; whole buffers are joined below instead.
    text = buffer.toString('latin1') + text;
    newlines += buffer.toString('latin1').split('\n').length - 1;
    end = start;
  }
  const lines = Buffer.from(text, 'latin1').toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Last lines of `file` alone; undefined when it does not exist. */
function readFileTail(
  file: string,
  count: number,
): { lines: string[]; inode: number; size: number } | undefined {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, 'r');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new OuroError(
      'OURO_LOG_READ_FAILED',
      { path: file, reason: (error as Error).message },
      { cause: error },
    );
  }
  try {
    const stats = fs.fstatSync(descriptor);
    return { lines: lastLinesOfFile(descriptor, stats.size, count), inode: stats.ino, size: stats.size };
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * The last `count` lines of the log, taking older ones from `file.1` when the live file is short or
 * missing (just rotated). Raises OURO_LOG_FILE_NOT_FOUND when neither exists.
 */
export function readLastLines(file: string, count: number): LastLines {
  const live = readFileTail(file, count);
  const lines = live?.lines ?? [];
  if (lines.length < count) {
    const previous = readFileTail(`${file}.1`, count - lines.length);
    if (previous === undefined && live === undefined)
      throw new OuroError('OURO_LOG_FILE_NOT_FOUND', { path: file });
    lines.unshift(...(previous?.lines ?? []));
  }
  // No live file: following starts at the beginning of whichever file appears there.
  return {
    lines,
    position: live === undefined ? { inode: -1, offset: 0 } : { inode: live.inode, offset: live.size },
  };
}

export interface FollowOptions {
  file: string;
  /** From `readLastLines`; without it, following starts at the current end of the file. */
  position?: { inode: number; offset: number };
  signal: AbortSignal;
  onLine: (line: string) => void;
  pollMilliseconds?: number;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Follows the file until the signal aborts; resolves then (never rejects on abort). */
export async function followLogFile(options: FollowOptions): Promise<void> {
  const pollMilliseconds = options.pollMilliseconds ?? 250;
  let descriptor: number | undefined;
  let inode = 0;
  let offset = 0;
  let pending = '';

  const openCurrent = (startAtEnd: boolean): void => {
    try {
      descriptor = fs.openSync(options.file, 'r');
    } catch {
      descriptor = undefined;
      return;
    }
    const stats = fs.fstatSync(descriptor);
    inode = stats.ino;
    offset = startAtEnd ? stats.size : 0;
    pending = '';
  };

  /** Emits every complete line appended since the last read. */
  const drain = (): void => {
    if (descriptor === undefined) return;
    const size = fs.fstatSync(descriptor).size;
    if (size < offset) offset = 0; // truncated in place
    while (offset < size) {
      const buffer = Buffer.alloc(Math.min(chunkSize, size - offset));
      const read = fs.readSync(descriptor, buffer, 0, buffer.length, offset);
      if (read === 0) break;
      offset += read;
      pending += buffer.subarray(0, read).toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    }
  };

  if (options.position !== undefined) {
    openCurrent(false);
    if (descriptor !== undefined && inode === options.position.inode) offset = options.position.offset;
  } else {
    openCurrent(true);
  }

  try {
    while (!options.signal.aborted) {
      drain();
      const current = statOrUndefined(options.file);
      if (descriptor === undefined) {
        if (current !== undefined) openCurrent(false);
      } else if (current === undefined || current.ino !== inode) {
        // Rotated: the old fd still reaches the renamed file, so read its last lines before moving on.
        drain();
        if (pending !== '') options.onLine(pending);
        fs.closeSync(descriptor);
        descriptor = undefined;
        if (current !== undefined) openCurrent(false);
        continue;
      }
      try {
        await sleep(pollMilliseconds, undefined, { signal: options.signal });
      } catch {
        break;
      }
    }
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}
