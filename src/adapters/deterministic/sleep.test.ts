import { describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../../test/support/step-context.js';
import { noopAdapter } from './noop.js';
import { sleepAdapter } from './sleep.js';

describe('sleep adapter', () => {
  it('sleeps and succeeds', async () => {
    const step = createTestStepContext();
    const result = await sleepAdapter.execute(sleepAdapter.params.parse({ seconds: 0.01 }), step);
    expect(result).toMatchObject({ status: 'succeeded', outputs: { seconds: 0.01 } });
    step.cleanup();
  });

  it('fails with OURO_CANCELLED on abort, before or during the wait', async () => {
    const step = createTestStepContext();
    const running = sleepAdapter.execute({ seconds: 60 }, step);
    step.controller.abort();
    expect((await running).error?.code).toBe('OURO_CANCELLED');
    const again = await sleepAdapter.execute({ seconds: 60 }, step);
    expect(again.status).toBe('failed');
    step.cleanup();
  });

  it('validates its params strictly', () => {
    expect(sleepAdapter.params.safeParse({ seconds: -1 }).success).toBe(false);
    expect(sleepAdapter.params.safeParse({ seconds: 1, extra: true }).success).toBe(false);
    expect(sleepAdapter.params.safeParse({}).success).toBe(false);
  });
});

describe('noop adapter', () => {
  it('succeeds with empty outputs and an empty cache key', async () => {
    const step = createTestStepContext();
    expect(await noopAdapter.execute({}, step)).toMatchObject({ status: 'succeeded', outputs: {} });
    expect(noopAdapter.cacheInputs?.({}, { projectDir: step.workDir, env: {} })).toEqual({
      files: [],
      env: [],
    });
    expect(noopAdapter.params.safeParse({ anything: 1 }).success).toBe(false);
    step.cleanup();
  });
});
