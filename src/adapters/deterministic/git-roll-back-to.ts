/**
 * "Roll back to a commit" for `ouro rollback --commit <sha>` when no rollback point matches: one new
 * commit on the current branch whose tree is that commit's tree, so everything after it is undone
 * and nothing is rewritten (`git commit-tree <sha>^{tree} -p HEAD`, then a fast-forward). The runbook's
 * `git reset --hard` + force push is exactly what this replaces.
 */
import { OuroError } from '../../errors/index.js';
import { resolveCommit, runGit, type GitCommandOptions } from './git-command.js';
import { identityEnvironment } from './git-identity.js';
import { currentBranch, isAncestor, repositoryTopLevel, uncommittedChanges } from './git-repository-state.js';

export interface RollBackToPlan {
  repository: string;
  branch: string;
  /** The commit whose tree comes back. */
  target: string;
  /** HEAD before the rollback: the new commit's parent. */
  head: string;
  /** How many commits after `target` are undone. */
  undone: number;
  targetSubject: string;
}

function command(directory: string, env: NodeJS.ProcessEnv, action = 'rollback'): GitCommandOptions {
  return { cwd: directory, env, action };
}

function invalid(reason: string): OuroError {
  return new OuroError('OURO_ROLLBACK_TARGET_INVALID', { reason });
}

/** Checks everything without changing anything; throws when the rollback cannot happen. */
export async function planRollBackTo(
  directory: string,
  revision: string,
  env: NodeJS.ProcessEnv,
): Promise<RollBackToPlan> {
  const options = command(directory, env);
  const target = await resolveCommit(revision, options);
  if (target === undefined) throw invalid(`"${revision}" names no rollback point and no commit`);
  const branch = await currentBranch(options);
  const subject = `rollback to ${target.slice(0, 12)}`;
  if (branch === undefined) {
    throw new OuroError(
      'OURO_ROLLBACK_NOT_POSSIBLE',
      { subject, reason: `HEAD is detached in ${directory}` },
      { remedy: 'Check out the branch to roll back (`git checkout main`), then run the command again.' },
    );
  }
  const changes = await uncommittedChanges(options);
  if (changes.length > 0) {
    throw new OuroError(
      'OURO_ROLLBACK_NOT_POSSIBLE',
      { subject, reason: `the working tree has uncommitted changes (${changes.slice(0, 5).join(', ')})` },
      { remedy: 'Commit or stash them (`git status`), then run the command again.' },
    );
  }
  const head = (await runGit(['rev-parse', 'HEAD'], options)).stdout.trim();
  if (head === target) throw invalid(`${branch} is already at ${target.slice(0, 12)}`);
  if (!(await isAncestor(target, head, options))) {
    throw invalid(
      `${target.slice(0, 12)} is not an ancestor of ${branch}: rolling back to it would not undo later work but bring in other history`,
    );
  }
  const undone = Number((await runGit(['rev-list', '--count', `${target}..${head}`], options)).stdout.trim());
  const targetSubject = (await runGit(['log', '-1', '--format=%s', target], options)).stdout.trim();
  return { repository: await repositoryTopLevel(options), branch, target, head, undone, targetSubject };
}

/** Makes the commit and fast-forwards the branch to it; returns its sha. */
export async function rollBackTo(
  plan: RollBackToPlan,
  env: NodeJS.ProcessEnv,
  note: string,
): Promise<string> {
  const options = command(plan.repository, env);
  const identity = await identityEnvironment(options);
  const message =
    `Roll back to ${plan.target.slice(0, 12)}\n\n` +
    `Restores the tree of ${plan.target} ("${plan.targetSubject}"), undoing ${plan.undone} commit(s) after it.\n${note}\n`;
  const created = await runGit(['commit-tree', `${plan.target}^{tree}`, '-p', plan.head, '-F', '-'], {
    ...command(plan.repository, identity),
    input: message,
  });
  const sha = created.stdout.trim();
  // --ff-only: if the branch moved since the plan, this fails instead of merging anything.
  await runGit(['merge', '--ff-only', '--quiet', sha], options);
  return sha;
}
