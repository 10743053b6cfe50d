/**
 * A 200-step workflow of cacheable shell steps (each `true`, declaring one input file): the cold run
 * executes every step, the warm re-run restores every step from the cache. Both through `ouro run`.
 * Goal: warm ≤ 10 % of cold, and ≤ 1 ms per cached step (measured in-process from the run summary).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ratio, type BenchmarkResult } from './measure.js';

const steps = 200;

function runOnce(ouroBin: string, directory: string): { wallMs: number; runMs: number; cached: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [ouroBin, 'run', 'cached.yaml', '-C', directory, '--json'], {
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`ouro run failed: ${result.stderr}`);
  const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
    summary: { durationMs: number; cached: number };
  };
  return { wallMs, runMs: last.summary.durationMs, cached: last.summary.cached };
}

export function cacheRerun(ouroBin: string): BenchmarkResult {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-bench-cache-'));
  try {
    writeFileSync(path.join(directory, 'input.txt'), 'input');
    const lines = [
      'name: cache-bench',
      'policy: { enable_caching: true, parallel_execution: true, max_parallel: 4 }',
      'steps:',
    ];
    for (let index = 1; index <= steps; index += 1) {
      lines.push(
        `  - { id: "1.${index}", actor: shell, with: { command: ["true"], inputs: ["input.txt"] } }`,
      );
    }
    writeFileSync(path.join(directory, 'cached.yaml'), `${lines.join('\n')}\n`);
    const cold = runOnce(ouroBin, directory);
    const warm = runOnce(ouroBin, directory);
    if (warm.cached !== steps)
      throw new Error(
        `expected ${steps} cached steps, got ${warm.cached}: ${readFileSync(path.join(directory, 'cached.yaml'), 'utf8').slice(0, 80)}`,
      );
    return {
      name: 'cached re-run of a 200-step workflow vs its cold run',
      lines: [
        '| run | wall time (ouro run) | run duration (journal) | per step |',
        '|---|---|---|---|',
        `| cold (every step runs \`true\`) | ${cold.wallMs.toFixed(0)} ms | ${cold.runMs} ms | ${(cold.runMs / steps).toFixed(2)} ms |`,
        `| warm (every step cached) | ${warm.wallMs.toFixed(0)} ms | ${warm.runMs} ms | ${(warm.runMs / steps).toFixed(2)} ms |`,
        '',
        `Warm/cold: ${ratio(warm.runMs, cold.runMs)} of the run duration, ${ratio(warm.wallMs, cold.wallMs)} of the wall time (wall time includes Node start-up and opening the project). Goal ≤ 10 % and ≤ 1 ms per cached step.`,
      ],
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
