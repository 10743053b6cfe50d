/**
 * The `run_command` tool: runs argv without a shell, only when it starts with one of the allowlisted
 * argv prefixes (so `["npx", "vitest", "run"]` allows `npx vitest run src/x.test.ts` but not
 * `npx rimraf`), under a timeout, with the step's filtered environment.
 */
import type { z } from 'zod';
import { runProcess } from '../../process/run-process.js';
import type { editorToolInputs } from './editor-tools.js';
import { capText, toolError, toolResult, type EditorToolContext, type ToolOutcome } from './tool-context.js';

const maxStreamChars = 8_000;

export function isCommandAllowed(argv: readonly string[], allowed: readonly (readonly string[])[]): boolean {
  return allowed.some(
    (prefix) =>
      prefix.length > 0 &&
      prefix.length <= argv.length &&
      prefix.every((part, index) => argv[index] === part),
  );
}

/** The tail of a stream: test runners print the verdict last. */
function tail(text: string): string {
  if (text.length <= maxStreamChars) return text;
  return `[… ${text.length - maxStreamChars} earlier characters cut]\n${text.slice(-maxStreamChars)}`;
}

export async function runAllowedCommand(
  input: z.infer<(typeof editorToolInputs)['run_command']>,
  context: EditorToolContext,
): Promise<ToolOutcome> {
  if (!isCommandAllowed(input.argv, context.allowedCommands)) {
    const allowed = context.allowedCommands.map((prefix) => prefix.join(' ')).join(' | ');
    return toolError(
      `command not allowed: ${input.argv.join(' ')}. Allowed prefixes: ${allowed || '(none)'}`,
    );
  }
  const [command, ...args] = input.argv as [string, ...string[]];
  try {
    const result = await runProcess({
      command,
      args,
      cwd: context.root,
      env: context.env,
      signal: context.signal,
      timeoutMs: context.commandTimeoutMs,
      maxOutputBytes: 1024 * 1024,
    });
    const status = result.timedOut
      ? `timed out after ${context.commandTimeoutMs / 1000} s`
      : result.exitCode === null
        ? `killed by ${result.signal ?? 'a signal'}`
        : `exit code ${result.exitCode}`;
    const text = [
      `${input.argv.join(' ')}: ${status}`,
      `stdout:\n${tail(result.stdout)}`,
      `stderr:\n${tail(result.stderr)}`,
    ].join('\n');
    // A failing command is information (the tests still fail), not a misuse of the tool.
    return toolResult(capText(text, 3 * maxStreamChars));
  } catch (error) {
    return toolError(`could not run ${input.argv.join(' ')}: ${(error as Error).message}`);
  }
}
