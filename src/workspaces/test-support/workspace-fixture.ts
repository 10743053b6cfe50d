/**
 * For the workspace tests: a real git repository in a temp directory with one commit, a logger that
 * records, a clock the test moves, and managers over that repository.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { workspacesSchema } from '../../config/schema/workspaces.js';
import type { Logger } from '../../observability/logger-types.js';
import { WorkspaceManager } from '../workspace-manager.js';

export const gitIdentity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function gitIn(directory: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, ...gitIdentity },
  });
}

export interface RecordedLine {
  level: string;
  fields: Record<string, unknown>;
  message: string | undefined;
}

export function createRecordingLogger(lines: RecordedLine[]): Logger {
  const at =
    (level: string) =>
    (first: unknown, message?: unknown): void => {
      const fields = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
      const text = typeof first === 'string' ? first : typeof message === 'string' ? message : undefined;
      lines.push({ level, fields, message: text });
    };
  const logger: Logger = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

export interface WorkspaceFixture {
  /** The project (a git repository whose `.ouro/` is ignored). */
  dir: string;
  workDir: string;
  logs: RecordedLine[];
  git(...args: string[]): string;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  now(): number;
  manager(config?: z.input<typeof workspacesSchema>, hookEnvironment?: NodeJS.ProcessEnv): WorkspaceManager;
  cleanup(): void;
}

export function createWorkspaceFixture(): WorkspaceFixture {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-workspaces-')));
  const git = (...args: string[]): string => gitIn(dir, ...args);
  git('init', '--quiet', '--initial-branch=main');
  fs.writeFileSync(path.join(dir, 'README.md'), '# project\n');
  fs.writeFileSync(path.join(dir, '.gitignore'), '.ouro/\n');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'initial');
  const logs: RecordedLine[] = [];
  let now = Date.parse('2026-01-01T00:00:00Z');
  const workDir = path.join(dir, '.ouro');
  return {
    dir,
    workDir,
    logs,
    git,
    advance: (ms) => void (now += ms),
    now: () => now,
    manager(config = {}, hookEnvironment = { PATH: process.env.PATH }) {
      return new WorkspaceManager({
        projectDir: dir,
        workDir,
        config: workspacesSchema.parse(config),
        hookEnvironment,
        logger: createRecordingLogger(logs),
        clock: () => now,
      });
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
