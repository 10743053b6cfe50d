/** The parsed shape of a unified diff that every guard reads. */

export interface DiffLine {
  kind: 'added' | 'removed' | 'context';
  text: string;
  /** Line number in the old file (removed and context lines). */
  oldLine?: number;
  /** Line number in the new file (added and context lines). */
  newLine?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface DiffFile {
  /** Path before the change; undefined for an added file. */
  oldPath: string | undefined;
  /** Path after the change; undefined for a deleted file. */
  newPath: string | undefined;
  status: DiffFileStatus;
  binary: boolean;
  hunks: DiffHunk[];
}

/** The path a finding names: the new path, or the old one for a deleted file. */
export function diffFilePath(file: DiffFile): string {
  return file.newPath ?? file.oldPath ?? '';
}

export function addedLines(file: DiffFile): DiffLine[] {
  return file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind === 'added'));
}

export function removedLines(file: DiffFile): DiffLine[] {
  return file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind === 'removed'));
}
