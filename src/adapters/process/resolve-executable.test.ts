import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseVersion, resolveExecutable, toolVersion } from './resolve-executable.js';

const directories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ouro-resolve-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function writeProgram(file: string, body: string, mode = 0o755): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, mode);
}

describe('resolveExecutable', () => {
  it('prefers the project node_modules/.bin, then ancestors, then PATH', () => {
    const root = temporaryDirectory();
    const project = path.join(root, 'packages', 'app');
    mkdirSync(project, { recursive: true });
    const onPath = path.join(root, 'bin', 'tool');
    writeProgram(onPath, 'echo path');
    const env = { PATH: path.join(root, 'bin') };
    expect(resolveExecutable('tool', project, env)).toBe(onPath);
    const hoisted = path.join(root, 'node_modules', '.bin', 'tool');
    writeProgram(hoisted, 'echo hoisted');
    expect(resolveExecutable('tool', project, env)).toBe(hoisted);
    const own = path.join(project, 'node_modules', '.bin', 'tool');
    writeProgram(own, 'echo own');
    expect(resolveExecutable('tool', project, env)).toBe(own);
  });

  it('skips files that are not executable and directories', () => {
    const root = temporaryDirectory();
    writeProgram(path.join(root, 'node_modules', '.bin', 'tool'), 'echo', 0o644);
    mkdirSync(path.join(root, 'bin', 'tool'), { recursive: true });
    expect(resolveExecutable('tool', root, { PATH: path.join(root, 'bin') })).toBeUndefined();
  });

  it('resolves paths against the project directory', () => {
    const root = temporaryDirectory();
    writeProgram(path.join(root, 'scripts', 'run.sh'), 'echo');
    expect(resolveExecutable('./scripts/run.sh', root, {})).toBe(path.join(root, 'scripts', 'run.sh'));
    expect(resolveExecutable('./scripts/missing.sh', root, {})).toBeUndefined();
  });

  it('ignores empty PATH entries and unknown names', () => {
    const root = temporaryDirectory();
    writeProgram(path.join(root, 'tool'), 'echo');
    expect(resolveExecutable('tool', temporaryDirectory(), { PATH: `:${path.delimiter}` })).toBeUndefined();
    expect(resolveExecutable('ouro-no-such-program', root, { PATH: process.env.PATH })).toBeUndefined();
  });
});

describe('parseVersion', () => {
  it.each([
    ['v9.12.0\n', '9.12.0'],
    ['Version 5.9.3', '5.9.3'],
    ['ruff 0.6.1', '0.6.1'],
    ['git version 2.39.5', '2.39.5'],
    ['mypy 1.11.2 (compiled: yes)', '1.11.2'],
    ['tool 2.0.0-beta.1+build.5', '2.0.0-beta.1+build.5'],
  ])('reads %j', (banner, version) => {
    expect(parseVersion(banner)).toBe(version);
  });

  it('returns undefined without a version', () => {
    expect(parseVersion('no version here')).toBeUndefined();
  });
});

describe('toolVersion', () => {
  it('reads a real program version and survives a missing one', async () => {
    const root = temporaryDirectory();
    const program = path.join(root, 'fake-tool');
    writeProgram(program, 'echo "fake-tool v3.4.5" >&2');
    expect(await toolVersion(program, [], {})).toBe('3.4.5');
    expect(await toolVersion('git', ['--version'], { PATH: process.env.PATH })).toMatch(/^\d+\.\d+/);
    expect(await toolVersion(path.join(root, 'missing'), [], {})).toBeUndefined();
  });
});
