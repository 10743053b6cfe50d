/** A real git repository in a temp directory for tests that need commits and diffs (made by the test). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TemporaryGitRepository {
  dir: string;
  write(file: string, content: string): void;
  remove(file: string): void;
  git(...args: string[]): string;
  /** Stages everything and commits; returns the commit id. */
  commit(message: string): string;
  cleanup(): void;
}

export function createTemporaryGitRepository(): TemporaryGitRepository {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-git-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });
  git('init', '--quiet', '--initial-branch=main');
  return {
    dir,
    git,
    write(file, content) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    },
    remove(file) {
      fs.rmSync(path.join(dir, file));
    },
    commit(message) {
      git('add', '--all');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
