/**
 * `npm run bench`: runs every benchmark (or those named as arguments: dag, journal, cache, startup, context, policy)
 * against the built CLI (dist/, run `npm run build` first) and appends the results, with the date and
 * the machine, to bench/RESULTS.md.
 */
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRerun } from './cache-rerun.js';
import { contextBuilder } from './context-builder.js';
import { dagVersusMake } from './dag-vs-make.js';
import { journalThroughput } from './journal-throughput.js';
import { machineDescription, type BenchmarkResult } from './measure.js';
import { policyOverhead } from './policy-overhead.js';
import { startup } from './startup.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ouroBin = path.join(root, 'bin', 'ouro.js');
const resultsFile = path.join(root, 'bench', 'RESULTS.md');

const benchmarks: Record<string, () => Promise<BenchmarkResult> | BenchmarkResult> = {
  dag: () => dagVersusMake(ouroBin),
  journal: () => journalThroughput(process.env.OURO_BENCH_DATABASE_URL ?? process.env.OURO_TEST_DATABASE_URL),
  cache: () => cacheRerun(ouroBin),
  startup: () => startup(ouroBin),
  context: () => contextBuilder(),
  policy: () => policyOverhead(),
};

if (!existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const selected = process.argv.slice(2);
const names = selected.length > 0 ? selected : Object.keys(benchmarks);
const sections: string[] = [
  `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machineDescription()}\n`,
];
for (const name of names) {
  const benchmark = benchmarks[name];
  if (!benchmark) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  console.error(`running ${name}…`);
  const result = await benchmark();
  const text = [`### ${result.name}`, '', ...result.lines, ''].join('\n');
  console.log(text);
  sections.push(text);
}
appendFileSync(resultsFile, sections.join('\n'));
console.error(`appended to ${path.relative(process.cwd(), resultsFile)}`);
