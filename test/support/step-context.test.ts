import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestStepContext } from './step-context.js';

describe('createTestStepContext', () => {
  it('writes artifacts under the run dir with size and sha256, and reads them back', async () => {
    const step = createTestStepContext({ emits: ['artifacts/lint.json', 'artifacts/fix.patch'] });
    const record = await step.artifacts.write('artifacts/sub/out.txt', 'héllo');
    expect(record).toEqual({
      path: 'artifacts/sub/out.txt',
      size: 6,
      sha256: createHash('sha256').update('héllo').digest('hex'),
    });
    expect(await step.readArtifact('artifacts/sub/out.txt')).toBe('héllo');
    expect(await step.readArtifact('artifacts/none.txt')).toBeUndefined();
    writeFileSync(step.artifacts.resolve('artifacts/external.bin'), Buffer.from([1, 2, 3]));
    expect((await step.artifacts.record('artifacts/external.bin')).size).toBe(3);
    await expect(step.artifacts.record('artifacts/never.bin')).rejects.toMatchObject({
      code: 'OURO_ARTIFACT_NOT_FOUND',
    });
    expect(step.artifacts.primary('artifacts/x.patch', '.patch')).toBe('artifacts/fix.patch');
    expect(step.artifacts.primary('artifacts/x.sarif', '.sarif')).toBe('artifacts/x.sarif');
    expect(step.artifacts.primary('artifacts/x')).toBe('artifacts/lint.json');
    step.cleanup();
    expect(existsSync(step.runDir)).toBe(false);
  });

  it('rejects paths outside artifacts/', () => {
    const step = createTestStepContext();
    for (const bad of [
      'out.txt',
      '/etc/passwd',
      'artifacts/../escape.txt',
      '../artifacts/x',
      'artifacts/',
      '',
    ]) {
      expect(() => step.artifacts.resolve(bad), bad).toThrow(
        expect.objectContaining({ code: 'OURO_ARTIFACT_PATH_INVALID' }),
      );
    }
    expect(step.artifacts.resolve('artifacts/./a/b.json')).toBe(
      path.join(step.runDir, 'artifacts', 'a', 'b.json'),
    );
    step.cleanup();
  });
});
