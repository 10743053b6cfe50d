/**
 * Reads one project file for the context builder, leaving out what should never be sent to a model
 * as text: binaries (a NUL byte in the first 8 KiB, as git decides), files over the size limit, and
 * anything unreadable (a broken symlink, a file deleted since it was listed).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export type LoadedFile =
  | { kind: 'text'; content: string; bytes: number }
  | { kind: 'skipped'; reason: 'binary' | 'too large' | 'unreadable' };

const binaryProbeBytes = 8000;

export async function loadProjectFile(
  projectDir: string,
  file: string,
  maxFileBytes: number,
): Promise<LoadedFile> {
  const absolute = path.join(projectDir, file);
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return { kind: 'skipped', reason: 'unreadable' };
    if (info.size > maxFileBytes) return { kind: 'skipped', reason: 'too large' };
    const buffer = await readFile(absolute);
    if (buffer.subarray(0, binaryProbeBytes).includes(0)) return { kind: 'skipped', reason: 'binary' };
    return { kind: 'text', content: buffer.toString('utf8'), bytes: buffer.length };
  } catch {
    return { kind: 'skipped', reason: 'unreadable' };
  }
}
