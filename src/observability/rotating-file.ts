/**
 * A size-rotated log file that pino can write to. Writes are synchronous (`fs.writeSync` on an fd
 * opened for append), so a crash or `process.exit` right after a log call loses nothing.
 *
 * Several processes may append to the same file (the daemon and CLI commands). Each one checks now and
 * then whether the path still names the file its fd points to, and reopens when someone else rotated.
 * Limits: the check is periodic (every `checkEveryWrites` writes or `checkEveryMilliseconds`), so
 * another process can append a few lines to the rotated file after a rotation; and two processes that
 * cross the size limit at the same instant can both rotate (one file ends up nearly empty). Neither
 * loses lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OuroError } from '../errors/index.js';

export const defaultMaxSizeBytes = 10 * 1024 * 1024;
export const defaultMaxFiles = 5;

export interface RotatingFileOptions {
  /** Absolute path of the live file, e.g. `<project>/.ouro/logs/ouro.log`. */
  file: string;
  maxSizeBytes?: number;
  /** How many rotated files (`ouro.log.1` … `ouro.log.N`) are kept. */
  maxFiles?: number;
  checkEveryWrites?: number;
  checkEveryMilliseconds?: number;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
  /**
   * Called when a write fails after start-up (disk full, directory removed). A logger must not crash
   * the work it records, so the default prints one warning to stderr and drops the line.
   */
  onWriteError?: (error: OuroError) => void;
}

export interface RotatingFile {
  readonly file: string;
  /** pino destination contract: takes one serialized line. */
  write(chunk: string): boolean;
  flush(): void;
  close(): void;
  /** Rotates now (as `ouro logs rotate` does) and reopens. */
  rotate(): RotationResult;
}

export interface RotationResult {
  file: string;
  rotated: boolean;
  /** Why nothing was rotated. */
  reason?: 'missing' | 'empty';
  /** Renames done, oldest first, e.g. `ouro.log.1 → ouro.log.2`, `ouro.log → ouro.log.1`. */
  renamed: { from: string; to: string }[];
  deleted: string[];
}

function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function rotatedName(file: string, index: number): string {
  return `${file}.${index}`;
}

function existingRotatedIndexes(file: string): number[] {
  const directory = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return [];
  }
  const indexes: number[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const suffix = name.slice(prefix.length);
    if (/^\d+$/.test(suffix)) indexes.push(Number(suffix));
  }
  return indexes.sort((left, right) => left - right);
}

/**
 * Shifts `file.(n-1)` → `file.n` … `file` → `file.1`, deletes what falls beyond `maxFiles`, and
 * creates a new empty `file`.
 * Processes that still hold the old file open notice the new inode on their next check.
 */
export function rotateLogFile(file: string, maxFiles: number = defaultMaxFiles): RotationResult {
  const keep = Math.max(1, Math.floor(maxFiles));
  const result: RotationResult = { file, rotated: false, renamed: [], deleted: [] };
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...result, reason: 'missing' };
    throw new OuroError(
      'OURO_LOG_ROTATE_FAILED',
      { path: file, reason: errorReason(error) },
      { cause: error },
    );
  }
  if (size === 0) return { ...result, reason: 'empty' };
  try {
    const indexes = existingRotatedIndexes(file);
    for (const index of indexes) {
      if (index >= keep) {
        fs.rmSync(rotatedName(file, index), { force: true });
        result.deleted.push(rotatedName(file, index));
      }
    }
    for (let index = keep - 1; index >= 1; index -= 1) {
      const from = rotatedName(file, index);
      if (!fs.existsSync(from)) continue;
      fs.renameSync(from, rotatedName(file, index + 1));
      result.renamed.push({ from, to: rotatedName(file, index + 1) });
    }
    fs.renameSync(file, rotatedName(file, 1));
    result.renamed.push({ from: file, to: rotatedName(file, 1) });
    // A fresh empty live file at once (as logrotate's `create`), so readers never find it missing.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  } catch (error) {
    throw new OuroError(
      'OURO_LOG_ROTATE_FAILED',
      { path: file, reason: errorReason(error) },
      { cause: error },
    );
  }
  result.rotated = true;
  return result;
}

export function createRotatingFile(options: RotatingFileOptions): RotatingFile {
  const file = options.file;
  const maxSizeBytes = options.maxSizeBytes ?? defaultMaxSizeBytes;
  const maxFiles = options.maxFiles ?? defaultMaxFiles;
  const checkEveryWrites = Math.max(1, options.checkEveryWrites ?? 64);
  const checkEveryMilliseconds = options.checkEveryMilliseconds ?? 1000;
  const now = options.now ?? Date.now;

  let descriptor: number | undefined;
  let inode = 0;
  let size = 0;
  let writesSinceCheck = 0;
  let lastCheck = 0;
  let closed = false;
  let warned = false;
  const onWriteError =
    options.onWriteError ??
    ((error: OuroError) => {
      if (warned) return;
      warned = true;
      process.stderr.write(`warning ${error.code}: ${error.message}\n`);
    });

  const open = (): void => {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      descriptor = fs.openSync(file, 'a', 0o600);
      const stats = fs.fstatSync(descriptor);
      inode = stats.ino;
      size = stats.size;
    } catch (error) {
      throw new OuroError(
        'OURO_LOG_WRITE_FAILED',
        { path: file, reason: errorReason(error) },
        { cause: error },
      );
    }
    writesSinceCheck = 0;
    lastCheck = now();
  };

  const closeDescriptor = (): void => {
    if (descriptor === undefined) return;
    try {
      fs.closeSync(descriptor);
    } catch {
      // Already closed or the disk went away: nothing more to write through it anyway.
    }
    descriptor = undefined;
  };

  const reopen = (): void => {
    closeDescriptor();
    open();
  };

  /** Reopens when another process rotated (or deleted) the file; refreshes the shared size. */
  const checkPath = (): void => {
    writesSinceCheck = 0;
    lastCheck = now();
    let stats: fs.Stats;
    try {
      stats = fs.statSync(file);
    } catch {
      reopen();
      return;
    }
    if (stats.ino !== inode) reopen();
    else size = stats.size;
  };

  const rotate = (): RotationResult => {
    closeDescriptor();
    const result = rotateLogFile(file, maxFiles);
    if (!closed) open();
    return result;
  };

  open();

  return {
    file,
    write(chunk: string): boolean {
      if (closed) return false;
      writesSinceCheck += 1;
      const buffer = Buffer.from(chunk);
      try {
        if (writesSinceCheck >= checkEveryWrites || now() - lastCheck >= checkEveryMilliseconds) checkPath();
        if (size > 0 && size + buffer.length > maxSizeBytes) {
          // Someone else may have rotated a moment ago: only rotate what is still ours and still full.
          checkPath();
          if (size > 0 && size + buffer.length > maxSizeBytes) rotate();
        }
        if (descriptor === undefined) open();
        let offset = 0;
        while (offset < buffer.length) {
          offset += fs.writeSync(descriptor as number, buffer, offset, buffer.length - offset);
        }
      } catch (error) {
        onWriteError(
          error instanceof OuroError
            ? error
            : new OuroError(
                'OURO_LOG_WRITE_FAILED',
                { path: file, reason: errorReason(error) },
                { cause: error },
              ),
        );
        return false;
      }
      size += buffer.length;
      return true;
    },
    flush(): void {
      if (descriptor === undefined) return;
      try {
        fs.fsyncSync(descriptor);
      } catch {
        // fsync is best effort (not supported on some filesystems); the data is already written.
      }
    },
    close(): void {
      closed = true;
      closeDescriptor();
    },
    rotate,
  };
}
