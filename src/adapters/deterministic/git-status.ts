/**
 * Parses `git status --porcelain=v1 -z`: "XY path\0", with a second path record after renames and
 * copies (the original name), which is skipped: changed_files lists paths as they are now.
 */
export interface StatusEntry {
  path: string;
  index: string;
  worktree: string;
}

export function parsePorcelainStatus(output: string): StatusEntry[] {
  const records = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let position = 0; position < records.length; position += 1) {
    const record = records[position] ?? '';
    if (record.length < 4) continue;
    const index = record[0] ?? ' ';
    const worktree = record[1] ?? ' ';
    entries.push({ path: record.slice(3), index, worktree });
    if (index === 'R' || index === 'C') position += 1;
  }
  return entries;
}
