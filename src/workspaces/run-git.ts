/**
 * Runs git for the workspace manager: argv without a shell, never prompting, output captured. A
 * non-zero exit is returned, not thrown, because several questions (is it merged? is there an origin?)
 * are asked through the exit code; `gitOrThrow` is for the commands that must succeed.
 */
import { execFile } from 'node:child_process';
import { OuroError } from '../errors/index.js';

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function runGit(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ exitCode: 0, stdout, stderr });
        if (typeof error.code === 'number') return resolve({ exitCode: error.code, stdout, stderr });
        reject(
          new OuroError(
            'OURO_WORKSPACE_GIT_FAILED',
            { command: args[0] ?? '', name: cwd, reason: error.message },
            { cause: error },
          ),
        );
      },
    );
  });
}

export async function gitOrThrow(cwd: string, args: string[], name: string): Promise<string> {
  const result = await runGit(cwd, args);
  if (result.exitCode !== 0) {
    const reason = result.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${result.exitCode}`;
    throw new OuroError('OURO_WORKSPACE_GIT_FAILED', { command: args.join(' '), name, reason });
  }
  return result.stdout;
}
