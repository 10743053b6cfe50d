/**
 * The safety layer end to end through the real binary, on SQLite and PostgreSQL: a run in shadow mode
 * changes nothing (no file, no commit, no merge, no approval, no rollback point) and records what it
 * would have done; in supervised mode a merge waits for a person — approve, resume, the merge happens
 * with a rollback point — and `ouro rollback --latest` reverts it; the audit chain stays intact.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliDialects } from '../support/cli-dialects.js';
import { runCli } from '../support/run-cli.js';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../support/temporary-git-repository.js';

const changeWorkflow = `name: change things
steps:
  - id: "1.001"
    name: Write a file
    actor: shell
    with: { command: [touch, created.txt] }
  - id: "1.002"
    name: Look
    actor: git
    with: { action: status }
  - id: "1.003"
    name: Commit
    actor: git
    with: { action: commit, message: "would commit" }
  - id: "1.004"
    name: Merge
    actor: git
    with: { action: merge, branch: feature, message: "Merge feature" }
`;

const mergeWorkflow = `name: merge feature
steps:
  - id: "1.001"
    name: Merge
    actor: git
    with: { action: merge, branch: feature, message: "Merge feature" }
`;

describe.each(cliDialects())('safety modes through the CLI on $name', (dialect) => {
  let repository: TemporaryGitRepository;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    env = await dialect.env();
    repository = createTemporaryGitRepository();
    repository.git('config', 'user.name', 'Ouro Test');
    repository.git('config', 'user.email', 'ouro@example.com');
    repository.write('.gitignore', '.ouro/\n');
    repository.write('README.md', 'hello\n');
    repository.write('.ai/workflows/change.yaml', changeWorkflow);
    repository.write('.ai/workflows/merge.yaml', mergeWorkflow);
    repository.commit('initial');
    repository.git('checkout', '-q', '-b', 'feature');
    repository.write('feature.txt', 'a feature\n');
    repository.commit('add a feature');
    repository.git('checkout', '-q', 'main');
  });
  afterEach(async () => {
    repository.cleanup();
    await dialect.cleanup();
  });

  const ouro = (...args: string[]) => runCli(['-C', repository.dir, ...args], { env });
  const json = async (...args: string[]): Promise<unknown> => {
    const result = await ouro(...args, '--json');
    expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return JSON.parse(result.stdout) as unknown;
  };

  it('shadow mode records every decision and changes nothing', async () => {
    const head = repository.git('rev-parse', 'HEAD').trim();
    const run = await ouro('run', 'change', '--mode', 'shadow');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain('shadow mode');

    expect(existsSync(path.join(repository.dir, 'created.txt'))).toBe(false);
    expect(repository.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repository.git('rev-parse', 'main').trim()).toBe(head);
    expect(repository.git('status', '--porcelain').trim()).toBe('');

    const audit = (await json('audit', 'list')) as { entries: Array<Record<string, unknown>> };
    const decisions = audit.entries.map((entry) => [
      entry['action'],
      entry['decision'],
      (entry['details'] as Record<string, unknown>)['performed'],
      (entry['details'] as Record<string, unknown>)['stepId'],
    ]);
    expect(decisions).toEqual([
      ['run_command', 'allow', false, '1.001'],
      ['run_command', 'allow', true, '1.002'],
      ['run_command', 'allow', false, '1.003'],
      // The merge step runs up to its own decision: the merge is what shadow mode records.
      ['run_command', 'allow', true, '1.004'],
      ['merge', 'allow', false, '1.004'],
    ]);
    expect(await json('approvals', 'list', '--all')).toMatchObject({ approvals: [] });
    expect(await json('rollback', 'list', '--all')).toMatchObject({ points: [] });
    const verify = await ouro('audit', 'verify');
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
  });

  it('supervised: a merge waits for approval, then merges with a rollback point that rolls it back', async () => {
    const base = repository.git('rev-parse', 'main').trim();
    const paused = await ouro('run', 'merge');
    expect(paused.exitCode, paused.stdout + paused.stderr).toBe(3);
    const approvalId = /apr_[0-9a-f]{8}/.exec(paused.stdout + paused.stderr)?.[0];
    expect(approvalId, paused.stdout + paused.stderr).toBeDefined();
    expect(repository.git('rev-parse', 'main').trim()).toBe(base);

    const listed = (await json('approvals', 'list')) as { approvals: Array<Record<string, unknown>> };
    expect(listed.approvals).toEqual([
      expect.objectContaining({ id: approvalId, operation: 'merge', state: 'pending' }),
    ]);
    const approved = await ouro('approvals', 'approve', approvalId!, '--comment', 'looks right');
    expect(approved.exitCode, approved.stdout + approved.stderr).toBe(0);

    const runId = /run_[0-9a-z]+/.exec(paused.stdout + paused.stderr)?.[0];
    const resumed = await ouro('runs', 'resume', runId!);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    const merged = repository.git('rev-parse', 'main').trim();
    expect(merged).not.toBe(base);
    expect(existsSync(path.join(repository.dir, 'feature.txt'))).toBe(true);

    const points = (await json('rollback', 'list')) as { points: Array<Record<string, unknown>> };
    expect(points.points).toEqual([
      expect.objectContaining({ baseSha: base, mergeSha: merged, state: 'ready' }),
    ]);
    const rolledBack = await ouro('rollback', '--latest');
    expect(rolledBack.exitCode, rolledBack.stdout + rolledBack.stderr).toBe(0);
    expect(existsSync(path.join(repository.dir, 'feature.txt'))).toBe(false);
    expect(repository.git('log', '-1', '--format=%s')).toContain('Revert');

    const audit = (await json('audit', 'list')) as { entries: Array<Record<string, unknown>> };
    const actions = audit.entries.map((entry) => `${String(entry['action'])}:${String(entry['decision'])}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'merge:require_approval',
        'approval_decided:approve',
        'merge:allow',
        'rollback_point:null',
        'merge:null',
        'rollback:allow',
        'rollback:null',
      ]),
    );
    const verify = await ouro('audit', 'verify');
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
  });

  it('autonomous: a LOW-risk merge goes through; a change to a protected path waits for a person', async () => {
    const merged = await ouro('run', 'merge', '--mode', 'autonomous');
    expect(merged.exitCode, merged.stdout + merged.stderr).toBe(0);
    expect(existsSync(path.join(repository.dir, 'feature.txt'))).toBe(true);

    repository.git('checkout', '-q', '-b', 'risky');
    repository.write('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
    repository.commit('touch CI');
    repository.git('checkout', '-q', 'main');
    repository.write(
      '.ai/workflows/merge-risky.yaml',
      mergeWorkflow.replace('branch: feature', 'branch: risky'),
    );
    repository.commit('risky merge workflow');
    const before = repository.git('rev-parse', 'main').trim();
    const waiting = await ouro('run', 'merge-risky', '--mode', 'autonomous');
    expect(waiting.exitCode, waiting.stdout + waiting.stderr).toBe(3);
    expect(repository.git('rev-parse', 'main').trim()).toBe(before);
    // The merge step keeps the risk report (Markdown and JSON) for the person deciding.
    const runId = /run_[0-9a-z]+/.exec(waiting.stdout + waiting.stderr)![0];
    const artifacts = path.join(repository.dir, '.ouro', 'runs', runId, 'artifacts');
    expect(readFileSync(path.join(artifacts, '1.001.risk.md'), 'utf8')).toContain('Risk: HIGH');
    expect(JSON.parse(readFileSync(path.join(artifacts, '1.001.risk.json'), 'utf8'))).toMatchObject({
      risk: { level: 'high' },
    });
    const listed = (await json('approvals', 'list')) as { approvals: Array<Record<string, unknown>> };
    expect(listed.approvals).toEqual([expect.objectContaining({ operation: 'merge', risk: 'high' })]);
    const view = await ouro('approvals', 'view', String(listed.approvals[0]!['id']));
    expect(view.stdout).toContain('protected-paths');
    expect(view.stdout).toContain('.github/workflows/ci.yml');
  });
});
