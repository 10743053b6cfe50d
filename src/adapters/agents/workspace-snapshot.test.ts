import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeAgentWorld, git } from '../../../test/support/fake-agents/fake-agent-world.js';
import { snapshotWorkspace, workspaceChangeSince } from './workspace-snapshot.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('workspace snapshots', () => {
  it('diffs only what changed since the snapshot: not earlier edits, not ignored files, and leaves the index alone', async () => {
    const world = createFakeAgentWorld();
    cleanups.push(() => world.cleanup());
    const { workDir } = world;
    const env = { PATH: process.env.PATH, HOME: world.home };
    // An edit that was there before the agent ran, and a staged one.
    writeFileSync(path.join(workDir, 'hello.txt'), 'hello, before\n');
    writeFileSync(path.join(workDir, 'staged.txt'), 'staged\n');
    git(workDir, 'add', 'staged.txt');
    const indexBefore = readFileSync(path.join(workDir, '.git', 'index'));
    const statusBefore = git(workDir, 'status', '--porcelain');

    const before = await snapshotWorkspace(workDir, { env });
    writeFileSync(path.join(workDir, 'hello.txt'), 'hello, agent\n');
    mkdirSync(path.join(workDir, 'ignored'));
    writeFileSync(path.join(workDir, 'ignored', 'build.js'), 'ignored\n');
    writeFileSync(path.join(workDir, 'binary.bin'), Buffer.from([0, 1, 2, 255]));
    rmSync(path.join(workDir, '.gitignore'));
    mkdirSync(path.join(workDir, 'ignored-too'));

    const change = await workspaceChangeSince(workDir, before, { env });
    expect(change.files).toEqual(['.gitignore', 'binary.bin', 'hello.txt', 'ignored/build.js']);
    expect(change.patch).toContain('-hello, before\n+hello, agent');
    expect(change.patch).toContain('GIT binary patch');
    expect(readFileSync(path.join(workDir, '.git', 'index')).equals(indexBefore)).toBe(true);
    expect(git(workDir, 'status', '--porcelain')).not.toBe('');
    expect(statusBefore).toContain('A  staged.txt');
  });

  it('returns an empty change when nothing changed', async () => {
    const world = createFakeAgentWorld();
    cleanups.push(() => world.cleanup());
    const env = { PATH: process.env.PATH, HOME: world.home };
    const before = await snapshotWorkspace(world.workDir, { env });
    expect(await workspaceChangeSince(world.workDir, before, { env })).toEqual({ patch: '', files: [] });
  });
});
