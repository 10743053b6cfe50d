/**
 * Test helper: reads a recorded tool output from ./fixtures. The recordings were made by running
 * the real tools (eslint, tsc, prettier, vitest, pytest) on examples/demo-ts and small scratch
 * projects, with the machine's absolute paths replaced by /home/dev/…; ruff, mypy and jest are not
 * installed here, so their fixtures follow those tools' documented formats.
 */
import { readFileSync } from 'node:fs';

export function readFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
