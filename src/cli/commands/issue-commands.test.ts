import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliDialects, type CliDatabase } from '../../../test/support/cli-dialects.js';
import { runCli } from '../../../test/support/run-cli.js';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';

let repo: TemporaryGitRepository;
let home: string;
let database: CliDatabase;

function ouro(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['-C', repo.dir, ...args], {
    env: { ...database.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', ...env },
  });
}

beforeEach(() => {
  repo = createTemporaryGitRepository();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-issue-cli-home-'));
  repo.write('.gitignore', '.ouro/\n');
  repo.commit('initial');
});

afterEach(() => {
  repo.cleanup();
  fs.rmSync(home, { recursive: true, force: true });
});

describe.each(cliDialects())('ouro issue ($name, the built binary)', (dialect) => {
  beforeEach(async () => {
    database = await dialect.prepare();
  });
  afterEach(async () => {
    await database.cleanup();
  });

  it('creates, lists, shows, comments, closes and reopens issues on the local forge', async () => {
    const created = await ouro([
      'issue',
      'create',
      '--title',
      'Fix the lint errors',
      '--body',
      'Two of them',
      '--label',
      'bug,ouro:ready',
    ]);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created issue #1: Fix the lint errors');
    const second = JSON.parse(
      (await ouro(['--json', 'issue', 'create', '--title', 'Docs', '--label', 'docs'])).stdout,
    ) as { performed: boolean; issue: { number: number; url: string; labels: string[] } };
    expect(second).toMatchObject({
      performed: true,
      issue: { number: 2, url: 'local:issue/2', labels: ['docs'] },
    });

    const list = await ouro(['issue', 'list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^#\s+STATE\s+TITLE\s+LABELS\s+UPDATED\n2\s+open\s+Docs\s+docs\s+/);
    expect(list.stdout).toContain('Fix the lint errors  bug, ouro:ready');
    const filtered = JSON.parse(
      (await ouro(['--json', 'issue', 'list', '--label', 'bug', '--label', 'docs'])).stdout,
    ) as {
      issues: Array<{ number: number }>;
    };
    expect(filtered.issues.map((issue) => issue.number)).toEqual([2, 1]);
    const all = JSON.parse(
      (await ouro(['--json', 'issue', 'list', '--label', 'bug', '--label', 'docs', '--all-labels'])).stdout,
    ) as { issues: unknown[] };
    expect(all.issues).toEqual([]);

    const comment = await ouro(['issue', 'comment', '1', '--body', 'Looking into it']);
    expect(comment.exitCode, comment.stderr).toBe(0);
    expect((await ouro(['issue', 'close', '#1', '--comment', 'Fixed'])).stdout).toContain('Closed issue #1');
    expect((await ouro(['issue', 'close', '1'])).stdout).toContain(
      'Issue #1 is already closed; nothing to do.',
    );
    expect(JSON.parse((await ouro(['--json', 'issue', 'list', '--state', 'closed'])).stdout)).toMatchObject({
      issues: [{ number: 1, state: 'closed' }],
    });
    expect((await ouro(['issue', 'reopen', '1', '--comment', 'Not fixed after all'])).stdout).toContain(
      'Reopened issue #1',
    );

    const show = await ouro(['issue', 'show', '1']);
    expect(show.exitCode, show.stderr).toBe(0);
    expect(show.stdout).toContain('#1 Fix the lint errors\nState: open\nLabels: bug, ouro:ready\n');
    expect(show.stdout).toContain('Two of them');
    expect(show.stdout).toContain('Comments (3)');
    expect(show.stdout).toContain('Looking into it');
    expect(show.stdout).toContain('Not fixed after all');

    const audit = JSON.parse((await ouro(['--json', 'audit', 'list'])).stdout) as {
      entries: Array<{ action: string; decision: string | null }>;
    };
    const actions = audit.entries.map((entry) => entry.action);
    expect(actions.filter((action) => action === 'create_issue')).toHaveLength(4);
    expect(actions).toContain('comment');
    expect(actions).toContain('close_issue');

    const missing = await ouro(['issue', 'show', '99']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('error OURO_FORGE_NOT_FOUND');
    const invalid = await ouro(['issue', 'show', 'abc']);
    expect(invalid.exitCode).toBe(2);
  });

  it('only records changes in shadow mode', async () => {
    const shadow = await ouro(['issue', 'create', '--title', 'Would be created'], { OURO_MODE: 'shadow' });
    expect(shadow.exitCode, shadow.stderr).toBe(0);
    expect(shadow.stdout).toContain(
      'Shadow mode: creating the issue was recorded in the audit log, nothing was changed',
    );
    expect(JSON.parse((await ouro(['--json', 'issue', 'list', '--state', 'all'])).stdout)).toEqual({
      issues: [],
    });
    const audit = JSON.parse((await ouro(['--json', 'audit', 'list'])).stdout) as {
      entries: Array<{ action: string; details: Record<string, unknown> }>;
    };
    expect(audit.entries.find((entry) => entry.action === 'create_issue')?.details).toMatchObject({
      mode: 'shadow',
      performed: false,
    });
  });
});
