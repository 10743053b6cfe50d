/**
 * End to end: `ai_analyst` through the real gateway and AI SDK (OpenAI provider) against the fake
 * model server — the JSON Schema reaches the provider as its structured-output format, an invalid
 * first answer is repaired in a second call, and the validated artifact is written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../../../test/support/fake-model-server/index.js';
import { createTestStepContext } from '../../../test/support/step-context.js';
import { ouroConfigSchema } from '../../config/index.js';
import { createModelGateway } from '../../models/model-gateway.js';
import { InMemoryBudget, InMemoryLedger } from '../../models/test-support/in-memory-accounting.js';
import { silentLogger } from '../../observability/silent-logger.js';
import { aiAnalystAdapter, aiAnalystParamsSchema } from './ai-analyst.js';

let server: FakeModelServer;

beforeEach(async () => {
  server = await startFakeModelServer({ requireApiKey: 'test-key' });
});

afterEach(async () => {
  await server.close();
});

const failure = {
  summary: 'A unit test fails after the rename.',
  category: 'test',
  root_cause: 'The test still imports the old name.',
  failures: [{ job: 'test', test: 'sum adds', file: 'sum.test.js', message: 'sum is not a function' }],
  fix_suggestion: 'Import the new name in sum.test.js.',
  retry_recommended: false,
};

describe('ai_analyst end to end (fake OpenAI server, real gateway and SDK)', () => {
  it('repairs an invalid answer once and writes the validated analysis', async () => {
    const ledger = new InMemoryLedger();
    const gateway = createModelGateway({
      config: ouroConfigSchema.parse({}),
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.openaiBaseUrl },
      ledger,
      budget: new InMemoryBudget(),
      logger: silentLogger,
    });
    server.script([
      { text: JSON.stringify({ ...failure, category: 'gremlins' }) },
      { text: JSON.stringify(failure) },
    ]);
    const context = createTestStepContext({ stepId: 'ci', emits: ['artifacts/ci.json'] });
    context.models = gateway;
    try {
      const result = await aiAnalystAdapter.execute(
        aiAnalystParamsSchema.parse({
          instructions: 'Why did CI fail?',
          analysis_type: 'ci_failure',
          model: 'openai:gpt-4.1',
        }),
        context,
      );
      server.assertDone();
      expect(result.error).toBeUndefined();
      expect(result.outputs).toMatchObject({
        repaired: true,
        artifact: 'artifacts/ci.json',
        model: 'openai:gpt-4.1',
      });
      expect(JSON.parse(readFileSync(path.join(context.runDir, 'artifacts/ci.json'), 'utf8'))).toEqual(
        failure,
      );
      expect(ledger.calls).toHaveLength(2);
      const first = JSON.stringify(server.requests[0]?.body);
      expect(first).toContain('retry_recommended'); // the schema went to the provider
      const second = JSON.stringify(server.requests[1]?.body);
      // The Responses API refers to the stored first answer (item_reference); the problems follow it.
      expect(second).toMatch(/item_reference|gremlins/);
      expect(second).toContain('category: Invalid option');
    } finally {
      context.cleanup();
    }
  });
});
