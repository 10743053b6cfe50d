/**
 * A budget "worker" process for the cross-process concurrency test: opens the store named by its
 * arguments, makes COUNT concurrent reservations of COST dollars against run RUN_ID limited to
 * LIMIT dollars, and prints `{"admitted":n,"refused":n}`. Any other failure exits non-zero.
 * Usage: node --import tsx budget-worker.ts <projectDir> <url|-> <schema|-> <count> <cost> <limit>
 */
import { isOuroError } from '../../src/errors/index.js';
import { createStoreBudgetGuard } from '../../src/models/budget/store-budget-guard.js';
import { openStore } from '../../src/store/open-store.js';

const [projectDir, url, schema, count, cost, limit] = process.argv.slice(2);
const store = await openStore({
  projectDir: projectDir!,
  url: url === '-' ? undefined : url,
  schema: schema === '-' ? undefined : schema,
});
try {
  const guard = createStoreBudgetGuard({
    store,
    config: { safety: { cost_limits: { daily_limit: 1000, monthly_limit: 1000 } } },
  });
  let admitted = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: Number(count) }, async () => {
      try {
        await guard.reserve({
          scope: { runId: 'run_shared', limits: { runCostUsd: Number(limit) } },
          costUsd: Number(cost),
          tokens: 1,
        });
        admitted += 1;
      } catch (error) {
        if (!isOuroError(error) || error.code !== 'OURO_BUDGET_EXCEEDED') throw error;
        refused += 1;
      }
    }),
  );
  process.stdout.write(JSON.stringify({ admitted, refused }));
} finally {
  await store.close();
}
