/**
 * What the policy costs a step: the same do-nothing step through the real executor on SQLite, once
 * declaring no effect (the engine asks nothing) and once declaring `run_command` (the engine asks the
 * policy gate, which reads the pause switch and appends a hash-chained audit entry). Reference in the
 * same run: the step without the question. Reported as steps/s and the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { noopAdapter } from '../src/adapters/deterministic/noop.js';
import type { AnyAdapter } from '../src/adapters/types.js';
import { openStore } from '../src/store/open-store.js';
import { stepsPerSecond } from './journal-throughput.js';
import type { BenchmarkResult } from './measure.js';

/** The noop step, asking the policy for `run_command` like every command-running adapter does. */
const checkedNoop: AnyAdapter = {
  ...noopAdapter,
  id: 'checked_noop',
  effects: ['run_command'],
  readOnly: () => true,
};

export async function policyOverhead(steps = 3000): Promise<BenchmarkResult> {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-bench-policy-'));
  try {
    const store = await openStore({ projectDir: directory });
    await store.migrate();
    await stepsPerSecond(store, directory, 300, false, checkedNoop); // warm-up
    const without = await stepsPerSecond(store, directory, steps, false);
    const withPolicy = await stepsPerSecond(store, directory, steps, false, checkedNoop);
    const audited = (await store.audit.list({ limit: 1 }))[0]?.sequence ?? 0;
    await store.close();
    return {
      name: 'policy decision per step (SQLite)',
      lines: [
        '| step | steps | sequential steps/s | per step |',
        '|---|---|---|---|',
        `| reference: noop, no effect declared (no decision) | ${steps} | ${without.toFixed(0)} | ${(1000 / without).toFixed(3)} ms |`,
        `| noop declaring run_command (decision + audit entry) | ${steps} | ${withPolicy.toFixed(0)} (${(withPolicy / without).toFixed(2)}× the reference) | ${(1000 / withPolicy).toFixed(3)} ms |`,
        '',
        `The decision adds ${(1000 / withPolicy - 1000 / without).toFixed(3)} ms per step (${audited} audit entries written in this run); a real command costs milliseconds to spawn.`,
      ],
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
