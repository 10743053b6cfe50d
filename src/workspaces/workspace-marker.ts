/**
 * The marker file next to a workspace: its key, branch and last use. Scanning the directory and
 * `git worktree list` tells what exists; the marker only adds what they cannot know. A marker that is
 * unreadable is treated as absent rather than failing a listing.
 */
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomically } from '../config/atomic-write.js';
import type { WorkspaceMarker } from './workspace-types.js';

export async function readMarker(file: string): Promise<WorkspaceMarker | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<WorkspaceMarker>;
    if (typeof value.key !== 'string' || typeof value.name !== 'string') return undefined;
    return value as WorkspaceMarker;
  } catch {
    return undefined;
  }
}

export async function writeMarker(file: string, marker: WorkspaceMarker): Promise<void> {
  await writeFileAtomically(file, `${JSON.stringify(marker, null, 2)}\n`);
}

export async function removeMarker(file: string): Promise<void> {
  await rm(file, { force: true });
}
