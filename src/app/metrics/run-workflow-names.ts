/**
 * The workflow of each run id the ledger names (model_calls.run_id → runs.workflow_name). Runs
 * already read are used as they are; the others (a run started before the window whose calls fall in
 * it) are read one by one.
 */
import type { RunRecord, Store } from '../../store/types.js';

/** Label of calls made outside any run (`ouro context`, a test of a provider). */
export const noWorkflowLabel = '(no workflow)';
/** Label of a run id the runs table does not hold (a run deleted after its calls were recorded). */
export const unknownRunLabel = '(unknown run)';

export async function runWorkflowNames(
  store: Pick<Store, 'runs'>,
  runIds: ReadonlyArray<string | null>,
  known: readonly RunRecord[] = [],
): Promise<Map<string | null, string>> {
  const names = new Map<string | null, string>([[null, noWorkflowLabel]]);
  for (const run of known) names.set(run.id, run.workflowName);
  const missing = [...new Set(runIds)].filter((id): id is string => id !== null && !names.has(id));
  const found = await Promise.all(missing.map((id) => store.runs.getRun(id)));
  missing.forEach((id, index) => names.set(id, found[index]?.workflowName ?? unknownRunLabel));
  return names;
}
