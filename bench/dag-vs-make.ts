/**
 * 1000-step DAG of `true` commands, width 8 (8 independent chains of 125 steps), run by `ouro run`
 * (whole CLI, journal on SQLite) against `make -j2` running the same commands with the same
 * dependencies. Goal: Ouro ≤ 1.3× make.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median, ratio, timeCommand, type BenchmarkResult } from './measure.js';

const width = 8;
const depth = 125;

function stepId(chain: number, index: number): string {
  return `${chain + 1}.${String(index + 1).padStart(3, '0')}`;
}

function workflowYaml(maxParallel: number): string {
  const lines = [
    'name: dag-bench',
    'policy: { parallel_execution: true, max_parallel: ' + maxParallel + ' }',
    'steps:',
  ];
  for (let chain = 0; chain < width; chain += 1) {
    for (let index = 0; index < depth; index += 1) {
      const dependsOn = index === 0 ? '[]' : `["${stepId(chain, index - 1)}"]`;
      lines.push(
        `  - { id: "${stepId(chain, index)}", actor: shell, with: { command: ["true"] }, depends_on: ${dependsOn} }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function makefile(): string {
  const targets: string[] = [];
  const rules: string[] = [];
  for (let chain = 0; chain < width; chain += 1) {
    for (let index = 0; index < depth; index += 1) {
      const target = `s${chain}_${index}`;
      const dependency = index === 0 ? '' : ` s${chain}_${index - 1}`;
      rules.push(`${target}:${dependency}\n\t@true`);
      if (index === depth - 1) targets.push(target);
    }
  }
  // No target is ever a file, so make runs every rule on each invocation, like a fresh workflow run.
  return `.PHONY: all\nall: ${targets.join(' ')}\n${rules.join('\n')}\n`;
}

export function dagVersusMake(ouroBin: string, repetitions = 3): BenchmarkResult {
  const directory = mkdtempSync(path.join(tmpdir(), 'ouro-bench-dag-'));
  try {
    writeFileSync(path.join(directory, 'dag2.yaml'), workflowYaml(2));
    writeFileSync(path.join(directory, 'dag8.yaml'), workflowYaml(8));
    writeFileSync(path.join(directory, 'Makefile'), makefile());
    const make: number[] = [];
    const ouro2: number[] = [];
    const ouro8: number[] = [];
    for (let repetition = 0; repetition < repetitions; repetition += 1) {
      make.push(timeCommand('make', ['-j2', '-s', '-C', directory, 'all']));
      ouro2.push(timeCommand(process.execPath, [ouroBin, 'run', 'dag2.yaml', '-C', directory, '--json']));
      ouro8.push(timeCommand(process.execPath, [ouroBin, 'run', 'dag8.yaml', '-C', directory, '--json']));
    }
    const makeMs = median(make);
    const ouro2Ms = median(ouro2);
    const ouro8Ms = median(ouro8);
    return {
      name: '1000-step DAG of `true`, width 8, vs make -j2',
      lines: [
        `| runner | wall time (median of ${repetitions}) | vs make -j2 |`,
        '|---|---|---|',
        `| make -j2 | ${makeMs.toFixed(0)} ms | 1.00× |`,
        `| ouro run, max_parallel 2 | ${ouro2Ms.toFixed(0)} ms | ${ratio(ouro2Ms, makeMs)} |`,
        `| ouro run, max_parallel 8 | ${ouro8Ms.toFixed(0)} ms | ${ratio(ouro8Ms, makeMs)} |`,
        '',
        `Per step: make ${(makeMs / 1000).toFixed(2)} ms, ouro (2) ${(ouro2Ms / 1000).toFixed(2)} ms. Goal ≤ 1.3×.`,
      ],
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
