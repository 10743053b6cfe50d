/** Read-only git queries the PR commands need in the project's repository (diffs, branch heads). */
import { execFile } from 'node:child_process';
import { OuroError } from '../../errors/index.js';

export function gitText(directory: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: directory,
        env: { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const reason =
          stderr
            .split('\n')
            .find((line) => line.trim() !== '')
            ?.trim() ?? error.message;
        reject(new OuroError('OURO_GIT_FAILED', { action: args[0] ?? 'git', reason }, { details: { args } }));
      },
    );
  });
}
