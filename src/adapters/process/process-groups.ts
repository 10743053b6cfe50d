/**
 * Children run in their own process group so that one signal reaches the whole tree (a shell and
 * everything it started). Detached groups would outlive Ouro, so the groups still alive when this
 * process exits are killed from the `exit` hook. Limit: a parent killed by SIGKILL cannot clean up;
 * a parent that receives SIGINT/SIGTERM must turn it into an abort or `process.exit()` (the CLI does).
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killAllGroups(): void {
  for (const groupId of liveGroups) signalGroup(groupId, 'SIGKILL');
  liveGroups.clear();
}

/** Sends a signal to every process of the group; a group that is already gone is not an error. */
export function signalGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

export function trackGroup(groupId: number): void {
  if (!exitHookInstalled) {
    process.on('exit', killAllGroups);
    exitHookInstalled = true;
  }
  liveGroups.add(groupId);
}

export function untrackGroup(groupId: number): void {
  liveGroups.delete(groupId);
}

/** The groups currently tracked (for tests and diagnostics). */
export function trackedGroups(): number[] {
  return [...liveGroups];
}
