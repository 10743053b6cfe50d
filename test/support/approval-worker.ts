/**
 * An approval "worker" process for the cross-process concurrency test: opens the store named by its
 * arguments, decides approval APPROVAL_ID as BY (approve) and prints the outcome and the approval's
 * state as JSON. Any failure exits non-zero.
 * Usage: node --import tsx approval-worker.ts <projectDir> <url|-> <schema|-> <approvalId> <by> <now>
 */
import { openStore } from '../../src/store/open-store.js';

const [projectDir, url, schema, approvalId, by, now] = process.argv.slice(2);
const store = await openStore({
  projectDir: projectDir!,
  url: url === '-' ? undefined : url,
  schema: schema === '-' ? undefined : schema,
});
try {
  const result = await store.approvals.decide(
    approvalId!,
    { by: by!, decision: 'approve', comment: null },
    Number(now),
  );
  process.stdout.write(
    JSON.stringify({
      outcome: result.outcome,
      state: result.outcome === 'not_found' ? null : result.approval.state,
    }),
  );
} finally {
  await store.close();
}
