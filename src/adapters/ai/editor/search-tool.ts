/**
 * The `search` tool: a regular expression over the files of the working directory, line by line,
 * git-ignored files left out. Results are capped so a broad pattern cannot flood the context.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { filterByGlobs, listWorkspaceFiles } from '../workspace-files.js';
import type { editorToolInputs } from './editor-tools.js';
import { toolError, toolResult, type EditorToolContext, type ToolOutcome } from './tool-context.js';

const maxMatches = 200;
const maxLineChars = 300;
const maxFileBytes = 2 * 1024 * 1024;

export async function searchFiles(
  input: z.infer<(typeof editorToolInputs)['search']>,
  context: EditorToolContext,
): Promise<ToolOutcome> {
  let expression: RegExp;
  try {
    expression = new RegExp(input.pattern, input.case_sensitive === false ? 'i' : '');
  } catch (error) {
    return toolError(`invalid regular expression: ${(error as Error).message}`);
  }
  let files = await listWorkspaceFiles(context.root, context.env, context.signal);
  if (input.path_glob !== undefined) files = filterByGlobs(files, [input.path_glob]);
  const matches: string[] = [];
  for (const file of files) {
    if (context.isPathAllowed !== undefined && !(await context.isPathAllowed(file))) continue;
    let content: string;
    try {
      // A symbolic link may point outside the working directory; its target, when inside, is listed itself.
      if ((await lstat(path.join(context.root, file))).isSymbolicLink()) continue;
      const buffer = await readFile(path.join(context.root, file));
      if (buffer.length > maxFileBytes || buffer.includes(0)) continue; // large or binary
      content = buffer.toString('utf8');
    } catch {
      continue;
    }
    const lines = content.split('\n');
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index] ?? '';
      if (!expression.test(line)) continue;
      matches.push(
        `${file}:${index + 1}: ${line.length > maxLineChars ? `${line.slice(0, maxLineChars)}…` : line}`,
      );
      if (matches.length >= maxMatches) {
        return toolResult(
          `${matches.join('\n')}\n… stopped at ${maxMatches} matches; narrow the pattern or path_glob`,
        );
      }
    }
  }
  return toolResult(matches.length === 0 ? '(no matches)' : matches.join('\n'));
}
