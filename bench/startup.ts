/** `ouro --version` against `node -e 0`: what Ouro adds to starting Node. Goal ≤ 2×. */
import { median, ratio, timeCommand, type BenchmarkResult } from './measure.js';

export function startup(ouroBin: string, repetitions = 20): BenchmarkResult {
  const node: number[] = [];
  const version: number[] = [];
  const help: number[] = [];
  for (let index = 0; index < repetitions; index += 1) {
    node.push(timeCommand(process.execPath, ['-e', '0']));
    version.push(timeCommand(process.execPath, [ouroBin, '--version']));
    help.push(timeCommand(process.execPath, [ouroBin, '--help']));
  }
  const nodeMs = median(node);
  return {
    name: '`ouro --version` vs `node -e 0`',
    lines: [
      `| command | median of ${repetitions} | vs node -e 0 |`,
      '|---|---|---|',
      `| node -e 0 | ${nodeMs.toFixed(1)} ms | 1.00× |`,
      `| ouro --version | ${median(version).toFixed(1)} ms | ${ratio(median(version), nodeMs)} |`,
      `| ouro --help (loads every command definition) | ${median(help).toFixed(1)} ms | ${ratio(median(help), nodeMs)} |`,
      '',
      'Goal ≤ 2× for --version (answered before the CLI modules load).',
    ],
  };
}
