/**
 * The file tools of the editing agent: list, read (line ranges), exact search/replace edits, create
 * and delete. Every path goes through resolveToolPath first; every write is preceded by a snapshot
 * for the step's diff. An edit whose text is missing or ambiguous changes nothing and tells the
 * model what it found, so the model — not Ouro — decides what was meant.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { filterByGlobs, listWorkspaceFiles } from '../workspace-files.js';
import type { editorToolInputs } from './editor-tools.js';
import { capText, toolError, toolResult, type EditorToolContext, type ToolOutcome } from './tool-context.js';
import { resolveToolPath } from './workspace-path.js';

type Input<Name extends keyof typeof editorToolInputs> = z.infer<(typeof editorToolInputs)[Name]>;

const maxListedFiles = 1000;
const maxReadChars = 100_000;

export async function listFiles(
  input: Input<'list_files'>,
  context: EditorToolContext,
): Promise<ToolOutcome> {
  const directory = await resolveToolPath(context.root, input.path ?? '.', context.isPathAllowed, {
    allowRoot: true,
  });
  if (!directory.ok) return toolError(directory.reason);
  const all = await listWorkspaceFiles(context.root, context.env, context.signal);
  const prefix = directory.relative === '.' ? '' : `${directory.relative}/`;
  const under = all.filter((file) => file.startsWith(prefix));
  const globbed = input.pattern === undefined ? under : filterByGlobs(under, [input.pattern]);
  const matching: string[] = [];
  for (const file of globbed) {
    if (context.isPathAllowed === undefined || (await context.isPathAllowed(file))) matching.push(file);
  }
  if (matching.length === 0) return toolResult('(no files)');
  const shown = matching.slice(0, maxListedFiles).join('\n');
  return toolResult(
    matching.length > maxListedFiles
      ? `${shown}\n… ${matching.length - maxListedFiles} more; narrow with path or pattern`
      : shown,
  );
}

export async function readTextFile(
  input: Input<'read_file'>,
  context: EditorToolContext,
): Promise<ToolOutcome> {
  const target = await resolveToolPath(context.root, input.path, context.isPathAllowed);
  if (!target.ok) return toolError(target.reason);
  let content: string;
  try {
    content = await readFile(target.absolute, 'utf8');
  } catch (error) {
    return toolError(
      `cannot read ${target.relative}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const lines = content.split('\n');
  if (content.endsWith('\n')) lines.pop();
  const start = input.start_line ?? 1;
  const end = Math.min(input.end_line ?? lines.length, lines.length);
  if (start > Math.max(lines.length, 1)) {
    return toolError(`${target.relative} has ${lines.length} lines; start_line ${start} is past the end`);
  }
  const numbered = lines.slice(start - 1, end).map((line, index) => `${start + index}\t${line}`);
  const header = `${target.relative} (lines ${start}-${end} of ${lines.length})`;
  return toolResult(capText(`${header}\n${numbered.join('\n')}`, maxReadChars));
}

function lineOf(content: string, offset: number): number {
  let line = 1;
  for (
    let index = content.indexOf('\n');
    index !== -1 && index < offset;
    index = content.indexOf('\n', index + 1)
  ) {
    line += 1;
  }
  return line;
}

function occurrences(content: string, search: string): number[] {
  const found: number[] = [];
  for (
    let index = content.indexOf(search);
    index !== -1;
    index = content.indexOf(search, index + search.length)
  ) {
    found.push(index);
  }
  return found;
}

export async function editFile(input: Input<'edit_file'>, context: EditorToolContext): Promise<ToolOutcome> {
  const target = await resolveToolPath(context.root, input.path, context.isPathAllowed);
  if (!target.ok) return toolError(target.reason);
  let content: string;
  try {
    content = await readFile(target.absolute, 'utf8');
  } catch (error) {
    return toolError(
      `cannot edit ${target.relative}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (use create_file for a new file)`,
    );
  }
  const found = occurrences(content, input.old_text);
  if (found.length === 0) {
    const trimmedFound = content.includes(input.old_text.trim());
    return toolError(
      `old_text was not found in ${target.relative}; nothing changed.` +
        (trimmedFound
          ? ' It matches when leading/trailing whitespace is removed: copy the text exactly (read_file shows it).'
          : ' Read the file again and copy the text exactly, including indentation.'),
    );
  }
  if (found.length > 1 && input.replace_all !== true) {
    const lines = found.map((offset) => lineOf(content, offset)).join(', ');
    return toolError(
      `old_text occurs ${found.length} times in ${target.relative} (lines ${lines}); nothing changed. Include more surrounding lines to make it unique, or set replace_all.`,
    );
  }
  const refused = await context.guardWrite?.(target.relative);
  if (refused !== undefined) return toolError(refused);
  await context.tracker.remember(target.relative);
  // split/join instead of String.replace: replacement text must not interpret `$&` and friends.
  const updated =
    input.replace_all === true
      ? content.split(input.old_text).join(input.new_text)
      : content.slice(0, found[0]) + input.new_text + content.slice((found[0] ?? 0) + input.old_text.length);
  await writeFile(target.absolute, updated);
  return toolResult(
    `edited ${target.relative}: ${found.length} replacement${found.length === 1 ? '' : 's'} at line ${found
      .map((offset) => lineOf(content, offset))
      .join(', ')}`,
  );
}

export async function createFile(
  input: Input<'create_file'>,
  context: EditorToolContext,
): Promise<ToolOutcome> {
  const target = await resolveToolPath(context.root, input.path, context.isPathAllowed);
  if (!target.ok) return toolError(target.reason);
  const existing = await stat(target.absolute).catch(() => undefined);
  if (existing?.isDirectory() === true) return toolError(`${target.relative} is a directory`);
  if (existing !== undefined && input.overwrite !== true) {
    return toolError(`${target.relative} already exists; use edit_file, or set overwrite to replace it`);
  }
  const refused = await context.guardWrite?.(target.relative);
  if (refused !== undefined) return toolError(refused);
  await context.tracker.remember(target.relative);
  await mkdir(path.dirname(target.absolute), { recursive: true });
  await writeFile(target.absolute, input.content);
  return toolResult(
    `${existing === undefined ? 'created' : 'overwrote'} ${target.relative} (${input.content.length} characters)`,
  );
}

export async function deleteFile(
  input: Input<'delete_file'>,
  context: EditorToolContext,
): Promise<ToolOutcome> {
  const target = await resolveToolPath(context.root, input.path, context.isPathAllowed);
  if (!target.ok) return toolError(target.reason);
  const existing = await stat(target.absolute).catch(() => undefined);
  if (existing === undefined) return toolError(`${target.relative} does not exist`);
  if (!existing.isFile()) return toolError(`${target.relative} is not a regular file`);
  const refused = await context.guardWrite?.(target.relative);
  if (refused !== undefined) return toolError(refused);
  await context.tracker.remember(target.relative);
  await rm(target.absolute);
  return toolResult(`deleted ${target.relative}`);
}
