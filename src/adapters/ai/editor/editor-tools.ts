/**
 * The tools of the built-in editing agent: their input schemas (Zod, because tool inputs come from
 * the model and are untrusted) and the definitions sent to the model (JSON Schemas generated from
 * the same Zod schemas). Ouro executes every call itself; the SDK gets no `execute`.
 */
import { z } from 'zod';
import type { ModelToolDefinition } from '../../../models/types.js';

export const editorToolInputs = {
  list_files: z
    .object({
      path: z
        .string()
        .optional()
        .describe('Directory to list, relative to the working directory; default ".".'),
      pattern: z.string().optional().describe('Glob the paths must match, e.g. "src/**/*.ts".'),
    })
    .strict(),
  read_file: z
    .object({
      path: z.string(),
      start_line: z.number().int().min(1).optional().describe('First line to read (1-based).'),
      end_line: z.number().int().min(1).optional().describe('Last line to read (inclusive).'),
    })
    .strict(),
  search: z
    .object({
      pattern: z.string().min(1).describe('JavaScript regular expression searched line by line.'),
      path_glob: z.string().optional().describe('Only files matching this glob.'),
      case_sensitive: z.boolean().optional(),
    })
    .strict(),
  edit_file: z
    .object({
      path: z.string(),
      old_text: z
        .string()
        .min(1)
        .describe('Exact text to replace, including whitespace; must occur exactly once.'),
      new_text: z.string(),
      replace_all: z
        .boolean()
        .optional()
        .describe('Replace every occurrence instead of requiring exactly one.'),
    })
    .strict(),
  create_file: z
    .object({
      path: z.string(),
      content: z.string(),
      overwrite: z.boolean().optional().describe('Replace the file when it exists.'),
    })
    .strict(),
  delete_file: z.object({ path: z.string() }).strict(),
  run_command: z
    .object({
      argv: z.array(z.string()).min(1).describe('Program and arguments, run without a shell.'),
    })
    .strict(),
  finish: z.object({ summary: z.string().describe('What was changed and why, for the reviewer.') }).strict(),
} as const;

export type EditorToolName = keyof typeof editorToolInputs;

const descriptions: Record<EditorToolName, string> = {
  list_files:
    'List the files of the working directory (git-ignored files are left out), optionally under a directory or matching a glob.',
  read_file:
    'Read a text file, optionally a line range. Lines come prefixed with their number and a tab; the prefix is not part of the file.',
  search: 'Search the files (git-ignored ones left out) for a regular expression; returns path:line: text.',
  edit_file:
    'Replace exact text in a file. old_text must match the file byte for byte and occur exactly once (or set replace_all); otherwise nothing changes and you are told why.',
  create_file:
    'Create a file with the given content (directories are created). Fails when it exists unless overwrite is true.',
  delete_file: 'Delete a file.',
  run_command:
    'Run a command (argv, no shell) in the working directory, e.g. the tests. Only commands on the allowlist run; the result has the exit code and output.',
  finish: 'Call when the task is done (or cannot be done), with a summary of the changes and the reasons.',
};

/** The definitions sent to the model; `run_command` only when some command is allowed. */
export function editorToolDefinitions(options: { commands: boolean }): Record<string, ModelToolDefinition> {
  const definitions: Record<string, ModelToolDefinition> = {};
  for (const [name, schema] of Object.entries(editorToolInputs)) {
    if (name === 'run_command' && !options.commands) continue;
    definitions[name] = {
      description: descriptions[name as EditorToolName],
      inputSchema: z.toJSONSchema(schema, { target: 'draft-7' }),
    };
  }
  return definitions;
}
