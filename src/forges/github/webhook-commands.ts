/**
 * The commands a user can write in an issue or pull request comment. A command is a whole line that
 * starts with `/ouro ` (no indentation, so quoted `> /ouro …` and indented code never count); every
 * other line, and any `/ouro` line that is not exactly one of these forms, is ignored.
 */
export type OuroCommand =
  | { name: 'approve'; approvalId: string }
  | { name: 'deny'; approvalId: string; reason: string }
  | { name: 'retry' }
  | { name: 'stop' };

const approvalId = 'apr_[A-Za-z0-9]{1,64}';
const grammar: Array<[RegExp, (match: RegExpExecArray) => OuroCommand]> = [
  [
    new RegExp(`^/ouro approve (${approvalId})$`),
    (match) => ({ name: 'approve', approvalId: match[1] ?? '' }),
  ],
  [
    new RegExp(`^/ouro deny (${approvalId}) +(\\S.*)$`),
    (match) => ({ name: 'deny', approvalId: match[1] ?? '', reason: (match[2] ?? '').trim() }),
  ],
  [/^\/ouro retry$/, () => ({ name: 'retry' })],
  [/^\/ouro stop$/, () => ({ name: 'stop' })],
];

/** At most this many commands per comment: a comment is a request, not a script. */
const maxCommands = 10;

export function parseCommands(body: string): OuroCommand[] {
  const commands: OuroCommand[] = [];
  let fenced = false;
  for (const rawLine of body.split(/\r?\n/)) {
    // Commands inside a fenced code block are examples, not requests.
    if (/^\s*(```|~~~)/.test(rawLine)) fenced = !fenced;
    if (fenced || !rawLine.startsWith('/ouro ')) continue;
    const line = rawLine.replace(/[ \t]+$/, '');
    for (const [pattern, build] of grammar) {
      const match = pattern.exec(line);
      if (match !== null) {
        commands.push(build(match));
        break;
      }
    }
    if (commands.length >= maxCommands) break;
  }
  return commands;
}
