import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFakeAgentWorld,
  type FakeAgentWorld,
} from '../../../test/support/fake-agents/fake-agent-world.js';
import { storeFactories, type StoreFactory } from '../../../test/support/database.js';
import { createTestStepContext, type TestStepContext } from '../../../test/support/step-context.js';
import { ouroConfigSchema } from '../../config/index.js';
import { scopedGateway, type RunScope } from '../../engine/execution/scoped-gateway.js';
import { budgetStatus } from '../../models/budget/budget-status.js';
import { createStoreBudgetGuard } from '../../models/budget/store-budget-guard.js';
import { createStoreLedger } from '../../models/ledger/store-ledger.js';
import { createModelGateway } from '../../models/model-gateway.js';
import { silentLogger } from '../../observability/silent-logger.js';
import type { Store } from '../../store/types.js';
import { agentAdapters } from './index.js';

const config = ouroConfigSchema.parse({});

describe.each(storeFactories().map((factory) => [factory.name, factory] as const))(
  'coding-agent usage in the ledger and budgets (%s)',
  (_name: string, factory: StoreFactory) => {
    let store: Store;
    let world: FakeAgentWorld;
    let context: TestStepContext;

    beforeEach(async () => {
      store = await factory.create();
      world = createFakeAgentWorld();
    });

    afterEach(async () => {
      context.cleanup();
      world.cleanup();
      await store.close();
    });

    /** A step context whose `models` is the real store-backed gateway, scoped as the engine does. */
    function stepContext(run: Partial<RunScope> = {}): TestStepContext {
      const gateway = createModelGateway({
        config,
        env: {},
        ledger: createStoreLedger(store),
        budget: createStoreBudgetGuard({ store, config }),
        logger: silentLogger,
      });
      context = createTestStepContext({
        workDir: world.workDir,
        env: world.env,
        runId: 'run_1',
        stepId: 'fix',
      });
      context.models = scopedGateway(gateway, { runId: 'run_1', stepId: 'fix', ...run });
      return context;
    }

    async function runClaude(params: Record<string, unknown>) {
      const agent = agentAdapters.find((candidate) => candidate.id === 'claude_code')!;
      return agent.execute(agent.params.parse(params), context);
    }

    async function usageOf(level: string) {
      const levels = await budgetStatus(store, config, Date.now(), { runId: 'run_1', stepId: 'fix' });
      return levels.find((status) => status.level === level)!;
    }

    it('records the session in model_calls and charges every budget level', async () => {
      stepContext({ taskId: 'task_7' });
      world.scenario('claude', {
        model: 'claude-sonnet-4-5',
        turns: 3,
        inputTokens: 3000,
        cachedInputTokens: 600,
        outputTokens: 450,
        costUsd: 0.03,
        edits: [{ path: 'hello.txt', content: 'hello, agent\n' }],
      });
      const result = await runClaude({ instructions: 'Fix the greeting' });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('succeeded');

      const calls = await store.modelCalls.list({ runId: 'run_1' });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        runId: 'run_1',
        stepId: 'fix',
        taskId: 'task_7',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        purpose: 'agent.claude_code',
        inputTokens: result.outputs.input_tokens,
        outputTokens: result.outputs.output_tokens,
        cachedInputTokens: result.outputs.cached_input_tokens,
        outcome: 'succeeded',
        errorCode: null,
      });
      expect(calls[0]!.inputTokens).toBeGreaterThan(0);
      expect(calls[0]!.costUsd).toBeCloseTo(0.03, 9);

      const tokens = Number(result.outputs.input_tokens) + Number(result.outputs.output_tokens);
      for (const level of ['month', 'day', 'run', 'step']) {
        const status = await usageOf(level);
        expect(status.usedCostUsd).toBeCloseTo(0.03, 6);
        expect(status.usedTokens).toBe(tokens);
      }
    });

    it('fails the step with OURO_BUDGET_EXCEEDED naming the run when the agent spent past its budget', async () => {
      stepContext({ runCostUsd: 0.02 });
      world.scenario('claude', { model: 'claude-sonnet-4-5', costUsd: 0.03 });
      const result = await runClaude({ instructions: 'Spend' });
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('OURO_BUDGET_EXCEEDED');
      expect(result.error?.message).toContain('run budget (run_1)');
      // The money is spent: it is in the ledger and the counters all the same.
      const calls = await store.modelCalls.list({ runId: 'run_1' });
      expect(calls.map((call) => [call.purpose, call.outcome, call.costUsd])).toEqual([
        ['agent.claude_code', 'succeeded', 0.03],
      ]);
      expect((await usageOf('run')).usedCostUsd).toBeCloseTo(0.03, 6);
    });

    it('refuses to start the agent when the run budget has no room left', async () => {
      stepContext({ runCostUsd: 0.02 });
      await createStoreBudgetGuard({ store, config }).charge({
        scope: { runId: 'run_1' },
        costUsd: 0.02,
        tokens: 10,
      });
      world.scenario('claude', { costUsd: 0.01 });
      const result = await runClaude({ instructions: 'Spend more' });
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('OURO_BUDGET_EXCEEDED');
      expect(result.error?.message).toContain('run budget');
      expect(() => world.invocation('claude')).toThrow();
      expect(await store.modelCalls.list({ runId: 'run_1' })).toEqual([]);
    });

    it('records what a timed-out agent spent, priced from the price table, as a failed call', async () => {
      stepContext();
      world.scenario('claude', {
        model: 'claude-sonnet-4-5',
        turns: 2,
        inputTokens: 2000,
        cachedInputTokens: 0,
        outputTokens: 1000,
        hang: true,
      });
      const result = await runClaude({ instructions: 'hang', timeout_minutes: 0.02 });
      expect(result.error?.code).toBe('OURO_AGENT_TIMEOUT');
      const [call] = await store.modelCalls.list({ runId: 'run_1' });
      expect(call).toMatchObject({
        purpose: 'agent.claude_code',
        outcome: 'failed',
        errorCode: 'OURO_AGENT_TIMEOUT',
        inputTokens: result.outputs.input_tokens,
        outputTokens: result.outputs.output_tokens,
      });
      expect(call!.outputTokens).toBeGreaterThan(0);
      // Claude Code reports its cost only in the result line it never printed: $3 in, $15 out per million.
      const expected = (call!.inputTokens * 3 + call!.outputTokens * 15) / 1e6;
      expect(call!.costUsd).toBeCloseTo(expected, 9);
      expect((await usageOf('step')).usedCostUsd).toBeCloseTo(expected, 6);
    });
  },
);
