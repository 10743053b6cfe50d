import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const mainModule = fileURLToPath(new URL('../main.ts', import.meta.url));
const runner = `import { main } from ${JSON.stringify(mainModule)}; process.exitCode = await main(['node', 'ouro', ...process.argv.slice(1)]);`;

let projectDir: string;

function ouro(...rest: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', runner, '--', '-C', projectDir, ...rest],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ouro-context-cli-'));
  const write = (file: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(projectDir, file)), { recursive: true });
    fs.writeFileSync(path.join(projectDir, file), content);
  };
  write('src/ledger.ts', 'export function recordCall(tokens: number): void {}\n');
  write('src/gateway.ts', "import { recordCall } from './ledger.js';\nexport class Gateway { call() {} }\n");
  write('src/other.ts', 'export const other = 1;\n');
  write('lib/extra.ts', 'export const extra = 1;\n');
});
afterEach(() => {
  fs.rmSync(projectDir, { recursive: true, force: true });
});

describe('ouro context', () => {
  it('prints the packed text, the ranking and the token count; --json prints the BuiltContext', () => {
    const human = ouro('context', 'recordCall in src/ledger.ts is too slow', '--tokens', '500');
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain('## Files in full\n\nsrc/ledger.ts\n```ts\nexport function recordCall');
    expect(human.stdout).toMatch(/score\s+included\s+tokens\s+file\s+why/);
    expect(human.stdout).toMatch(
      /\d+\.\d\d\s+full\s+\d+\s+src\/ledger\.ts\s+mentioned in the task; defines recordCall/,
    );
    expect(human.stdout).toMatch(
      /\d+ tokens \(o200k_base\): 2 full, 2 in the map, 0 omitted; 4 files scanned/,
    );

    const json = ouro(
      'context',
      'recordCall in src/ledger.ts',
      '--tokens',
      '500',
      '--files',
      'src/**',
      '--json',
    );
    expect(json.status, json.stderr).toBe(0);
    const built = JSON.parse(json.stdout) as {
      tokens: number;
      text: string;
      files: Array<{ path: string; included: string }>;
      stats: { filesScanned: number };
    };
    expect(built.tokens).toBeLessThanOrEqual(500);
    expect(built.files.map((file) => file.path)).toEqual(['src/ledger.ts', 'src/gateway.ts', 'src/other.ts']);
    expect(built.stats.filesScanned).toBe(3);
  });

  it('rejects a token budget that is not a positive whole number', () => {
    const result = ouro('context', 'anything', '--tokens', '0');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/whole number of at least 1/);
  });
});
