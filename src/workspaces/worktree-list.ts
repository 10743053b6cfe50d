/** Parses `git worktree list --porcelain`: the worktrees git knows, with their HEAD and branch. */

export interface WorktreeEntry {
  path: string;
  head: string | undefined;
  /** Short name (`ouro/issue-5`), undefined when detached. */
  branch: string | undefined;
  /** git says the directory is gone. */
  prunable: boolean;
}

export function parseWorktreeList(porcelain: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  for (const block of porcelain.split(/\n\n+/)) {
    let entry: WorktreeEntry | undefined;
    for (const line of block.split('\n')) {
      const space = line.indexOf(' ');
      const field = space === -1 ? line : line.slice(0, space);
      const value = space === -1 ? '' : line.slice(space + 1);
      if (field === 'worktree') entry = { path: value, head: undefined, branch: undefined, prunable: false };
      else if (entry === undefined) continue;
      else if (field === 'HEAD') entry.head = value;
      else if (field === 'branch') entry.branch = value.replace(/^refs\/heads\//, '');
      else if (field === 'prunable') entry.prunable = true;
    }
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}
