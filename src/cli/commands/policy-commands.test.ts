import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;

let repository: TemporaryGitRepository;

function ouro(...rest: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', runner, '--', '-C', repository.dir, ...rest],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let base: string;
let head: string;
beforeEach(() => {
  repository = createTemporaryGitRepository();
  repository.write('src/a.ts', 'export const a = 1;\n');
  repository.write('src/a.test.ts', "it('a', () => {\n  expect(1).toBe(1);\n});\n");
  base = repository.commit('base');
  // MEDIUM only: a new dependency.
  repository.write('requirements.txt', 'flask\n');
  head = repository.commit('add flask');
});
afterEach(() => repository.cleanup());

describe('ouro policy check', () => {
  it('checks base..head: exit 0 below --fail-on, 1 at or above it', () => {
    const passed = ouro('policy', 'check', '--base', base, '--head', head);
    expect(passed.status, passed.stderr).toBe(0);
    expect(passed.stdout).toContain('## Risk: MEDIUM');
    expect(passed.stdout).toContain(
      '| MEDIUM | dependencies | `requirements.txt:1` | new dependencies: flask |',
    );

    const failed = ouro('policy', 'check', '--base', base, '--head', head, '--fail-on', 'medium');
    expect(failed.status, failed.stderr).toBe(1);
  });

  it('checks the working tree against HEAD by default, and prints JSON with --json', () => {
    repository.write('src/a.test.ts', "it.skip('a', () => {\n  expect(1).toBe(1);\n});\n");
    repository.write('.ouro/config.yaml', 'safety: {}\n');
    // Unstaged: the public API guard reads the working-tree file.
    repository.write('src/a.ts', 'export const b = 1;\n');
    repository.git('add', '.ouro/config.yaml');
    const result = ouro('--json', 'policy', 'check');
    expect(result.status, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as {
      risk: { level: string; reasons: string[] };
      findings: Array<{ guard: string; file: string }>;
      failOn: string;
      failed: boolean;
    };
    expect(report.risk.level).toBe('high');
    expect(report.failOn).toBe('high');
    expect(report.failed).toBe(true);
    expect(report.findings.map((finding) => [finding.guard, finding.file])).toEqual([
      ['protected-paths', '.ouro/config.yaml'],
      ['weakened-tests', 'src/a.test.ts'],
      ['public-api', 'src/a.ts'],
    ]);
  });

  it('reads a diff file and applies the project config', () => {
    repository.write('change.patch', repository.git('diff', base, head));
    repository.write('ouro.config.yaml', 'safety:\n  protected_paths: ["requirements*.txt"]\n');
    const result = ouro('policy', 'check', '--diff', 'change.patch', '--fail-on', 'critical');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('## Risk: HIGH');
    expect(result.stdout).toContain('protected path requirements.txt (matches requirements*.txt)');
    expect(result.stdout).toContain('- complexity: needs the files before and after');
  });

  it('exits 2 on usage errors', () => {
    const mixed = ouro('policy', 'check', '--diff', 'x.patch', '--base', base, '--head', head);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('OURO_POLICY_OPTIONS_INVALID');
    expect(ouro('policy', 'check', '--base', base).status).toBe(2);
    const optionAsRef = ouro('policy', 'check', '--base=--output=x', '--head', head);
    expect(optionAsRef.status).toBe(2);
    expect(optionAsRef.stderr).toContain("'--output=x' is not a git ref");
    expect(ouro('policy', 'check', '--fail-on', 'severe').status).toBe(2);
    const missing = ouro('policy', 'check', '--diff', 'missing.patch');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('OURO_POLICY_DIFF_UNREADABLE');
    const badRef = ouro('policy', 'check', '--base', 'no-such-ref', '--head', head);
    expect(badRef.status).toBe(2);
    expect(badRef.stderr).toContain('OURO_POLICY_GIT_DIFF_FAILED');
  });
});
