/**
 * Routes one tool call of the model to its implementation after validating the input (model output
 * is untrusted: an invalid input is answered with the validation problems, not executed).
 */
import type { z } from 'zod';
import type { ModelToolCall } from '../../../models/types.js';
import { runAllowedCommand } from './command-tool.js';
import { editorToolInputs, type EditorToolName } from './editor-tools.js';
import { createFile, deleteFile, editFile, listFiles, readTextFile } from './file-tools.js';
import { searchFiles } from './search-tool.js';
import { toolError, toolResult, type EditorToolContext, type ToolOutcome } from './tool-context.js';

type Handlers = {
  [Name in EditorToolName]: (
    input: z.infer<(typeof editorToolInputs)[Name]>,
    context: EditorToolContext,
  ) => Promise<ToolOutcome>;
};

const handlers: Handlers = {
  list_files: listFiles,
  read_file: readTextFile,
  search: searchFiles,
  edit_file: editFile,
  create_file: createFile,
  delete_file: deleteFile,
  run_command: runAllowedCommand,
  // The loop ends the session on finish; the result only closes the call in the transcript.
  finish: () => Promise.resolve(toolResult('finished')),
};

function isToolName(name: string): name is EditorToolName {
  return Object.hasOwn(editorToolInputs, name);
}

export async function dispatchTool(call: ModelToolCall, context: EditorToolContext): Promise<ToolOutcome> {
  if (!isToolName(call.name) || (call.name === 'run_command' && context.allowedCommands.length === 0)) {
    return toolError(`unknown tool "${call.name}"`);
  }
  const parsed = editorToolInputs[call.name].safeParse(call.input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
    );
    return toolError(`invalid input for ${call.name}: ${problems.join('; ')}`);
  }
  const handler = handlers[call.name] as (input: unknown, context: EditorToolContext) => Promise<ToolOutcome>;
  return handler(parsed.data, context);
}
