/**
 * POSIX single-quoting, for running an argv list through `sh -c` (`shell: true` with a list): each
 * word reaches the shell as exactly one argument, whatever characters it holds.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

export function shellCommandLine(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}
