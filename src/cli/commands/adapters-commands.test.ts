import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;

let projectDir: string;
beforeEach(() => {
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'ouro-adapters-cli-'));
});
afterEach(() => {
  rmSync(projectDir, { recursive: true, force: true });
});

function ouro(
  env: NodeJS.ProcessEnv,
  ...rest: string[]
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', runner, '--', '-C', projectDir, ...rest],
    { encoding: 'utf8', env, cwd: path.dirname(mainModule) },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ouro adapters list', () => {
  it('prints a JSON array with versions and availability', () => {
    const result = ouro(process.env, 'adapters', 'list', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      id: string;
      available: boolean;
      toolVersion: string | null;
    }[];
    const git = listing.find((entry) => entry.id === 'git');
    expect(git).toMatchObject({ available: true, version: '1.0.0', kind: 'deterministic' });
    expect(git?.toolVersion).toMatch(/^\d+\.\d+/);
    expect(listing.map((entry) => entry.id)).toEqual(
      expect.arrayContaining(['shell', 'sleep', 'noop', 'verifier']),
    );
  });

  it('prints a table, marking what is unavailable with the reason and remedy', () => {
    // Without git on PATH (node itself is started by absolute path), git is unavailable.
    const result = ouro({ ...process.env, PATH: '' }, 'adapters', 'list');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+VERSION\s+AVAILABLE\s+DESCRIPTION$/);
    expect(lines.find((line) => line.startsWith('shell '))).toContain('✓');
    expect(lines.find((line) => line.startsWith('git '))).toContain('✗ git is not installed');
    expect(result.stdout).toContain('→ Install git');
  });
});
