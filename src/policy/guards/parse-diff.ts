/**
 * Parses unified diffs as `git diff` (and plain `diff -u`) print them: file headers, renames, new and
 * deleted files, binary files and hunks with old/new line numbers. Hunk bodies are read by the counts
 * in the `@@` header, so a removed line that itself starts with `--- ` is never taken for a header.
 */
import type { DiffFile, DiffHunk } from './diff-types.js';

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Undoes git's C-style quoting of unusual paths ("a/t\303\251st" → a/tést). */
function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let index = 0; index < body.length; index += 1) {
    const character = body[index]!;
    if (character !== '\\') {
      bytes.push(...Buffer.from(character, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 3;
      continue;
    }
    const next = body[index + 1] ?? '';
    bytes.push(simple[next] ?? next.charCodeAt(0));
    index += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/src/x.ts` → `src/x.ts`; `/dev/null` → undefined; a trailing tab + timestamp (diff -u) is dropped. */
function headerPath(raw: string): string | undefined {
  const withoutTime = raw.includes('\t') ? raw.slice(0, raw.indexOf('\t')) : raw;
  const path = unquote(withoutTime.trim());
  if (path === '/dev/null') return undefined;
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

/** Paths from `diff --git a/x b/y` — only needed when no ---/+++ lines follow (binary, pure rename, mode). */
function pathsFromGitHeader(rest: string): [string, string] | undefined {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted && !rest.includes(' b/', 2)) return [headerPath(quoted[1]!)!, headerPath(quoted[2]!)!];
  // Unquoted paths may contain spaces: for an unchanged name the two halves are equal.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.startsWith('a/') && rest.slice(half + 1).startsWith('b/')) {
    return [rest.slice(2, half), rest.slice(half + 3)];
  }
  const split = rest.indexOf(' b/');
  if (split > 0) return [headerPath(rest.slice(0, split))!, rest.slice(split + 3)];
  return undefined;
}

function newFile(): DiffFile {
  return { oldPath: undefined, newPath: undefined, status: 'modified', binary: false, hunks: [] };
}

function finish(file: DiffFile, explicitStatus: DiffFile['status'] | undefined): DiffFile {
  let status = explicitStatus;
  if (status === undefined) {
    if (file.oldPath === undefined && file.newPath !== undefined) status = 'added';
    else if (file.newPath === undefined && file.oldPath !== undefined) status = 'deleted';
    else if (file.oldPath !== file.newPath) status = 'renamed';
    else status = 'modified';
  }
  if (status === 'added') file.oldPath = undefined;
  if (status === 'deleted') file.newPath = undefined;
  file.status = status;
  return file;
}

export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  const lines = text.split('\n');
  let current: DiffFile | undefined;
  let status: DiffFile['status'] | undefined;

  const close = (): void => {
    if (current && (current.oldPath !== undefined || current.newPath !== undefined)) {
      files.push(finish(current, status));
    }
    current = undefined;
    status = undefined;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.startsWith('diff --git ')) {
      close();
      current = newFile();
      const paths = pathsFromGitHeader(line.slice('diff --git '.length));
      if (paths) [current.oldPath, current.newPath] = paths;
      continue;
    }
    if (line.startsWith('--- ') && lines[index + 1]?.startsWith('+++ ')) {
      // A plain `diff -u` file starts here; in git output the header already opened the file.
      if (!current || current.hunks.length > 0) {
        close();
        current = newFile();
      }
      current.oldPath = headerPath(line.slice(4));
      current.newPath = headerPath(lines[index + 1]!.slice(4));
      index += 1;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('new file mode')) status = 'added';
    else if (line.startsWith('deleted file mode')) status = 'deleted';
    else if (line.startsWith('rename from ')) {
      current.oldPath = unquote(line.slice('rename from '.length));
      status = 'renamed';
    } else if (line.startsWith('rename to ')) current.newPath = unquote(line.slice('rename to '.length));
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') current.binary = true;
    else {
      const header = hunkHeader.exec(line);
      if (header) index = readHunk(lines, index, header, current);
    }
  }
  close();
  return files;
}

/** Reads one hunk body starting after its header; returns the index of the hunk's last line. */
function readHunk(lines: string[], headerIndex: number, header: RegExpExecArray, file: DiffFile): number {
  const hunk: DiffHunk = {
    oldStart: Number(header[1]),
    oldLines: header[2] === undefined ? 1 : Number(header[2]),
    newStart: Number(header[3]),
    newLines: header[4] === undefined ? 1 : Number(header[4]),
    lines: [],
  };
  file.hunks.push(hunk);
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  let index = headerIndex;
  while (oldLeft > 0 || newLeft > 0) {
    const line = lines[index + 1];
    if (line === undefined) break;
    const marker = line[0];
    if (marker === '\\') {
      index += 1; // "\ No newline at end of file"
      continue;
    }
    if (marker === '+' && newLeft > 0) {
      hunk.lines.push({ kind: 'added', text: line.slice(1), newLine });
      newLine += 1;
      newLeft -= 1;
    } else if (marker === '-' && oldLeft > 0) {
      hunk.lines.push({ kind: 'removed', text: line.slice(1), oldLine });
      oldLine += 1;
      oldLeft -= 1;
    } else if ((marker === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
      hunk.lines.push({ kind: 'context', text: line.slice(1), oldLine, newLine });
      oldLine += 1;
      newLine += 1;
      oldLeft -= 1;
      newLeft -= 1;
    } else break;
    index += 1;
  }
  // A trailing "\ No newline" belongs to this hunk too.
  if (lines[index + 1]?.startsWith('\\')) index += 1;
  return index;
}
