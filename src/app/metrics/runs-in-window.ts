/**
 * Runs created in a metrics window, read newest first in keyset pages (the run list has no time
 * filter), stopping at the first page that reaches back before the window.
 */
import type { RunRecord, Store } from '../../store/types.js';
import type { MetricsWindow } from './metrics-period.js';

const pageSize = 500;

export async function runsInWindow(store: Pick<Store, 'runs'>, window: MetricsWindow): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  let before: { createdAt: number; id: string } | undefined;
  for (;;) {
    const page = await store.runs.listRuns({ limit: pageSize, ...(before === undefined ? {} : { before }) });
    for (const run of page) {
      if (run.createdAt >= window.since && run.createdAt < window.until) runs.push(run);
    }
    const oldest = page.at(-1);
    if (oldest === undefined || page.length < pageSize || oldest.createdAt < window.since) return runs;
    before = { createdAt: oldest.createdAt, id: oldest.id };
  }
}
