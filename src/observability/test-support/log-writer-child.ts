/**
 * A second process appending to the same rotating log, driven over stdin for the rotation tests:
 * `write <text>` appends one line and answers `ok`; `exit` closes the file and exits.
 * Argument: the log file path, then how many writes between path checks.
 */
import readline from 'node:readline';
import { createRotatingFile } from '../rotating-file.js';

const [file, checkEveryWrites] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: log-writer-child <file> [checkEveryWrites]');
const destination = createRotatingFile({
  file,
  checkEveryWrites: Number(checkEveryWrites ?? 64),
  // Only the write count triggers checks, so the test does not depend on how fast it runs.
  checkEveryMilliseconds: Number.POSITIVE_INFINITY,
});
const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.startsWith('write ')) {
    destination.write(`${line.slice('write '.length)}\n`);
    process.stdout.write('ok\n');
  } else if (line === 'exit') {
    destination.close();
    input.close();
  }
});
process.stdout.write('ready\n');
