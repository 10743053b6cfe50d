/**
 * A coding-agent CLI edits the working tree on its own, so its writes to protected paths can only be
 * judged after it ran: the policy is asked about the protected files it changed, and when it does not
 * allow them they are put back as they were before the agent started (the snapshot tree) — files
 * it created are removed. The full patch stays in the step's artifacts for the person who decides.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../deterministic/git-command.js';
import type { PolicyRequest } from '../policy-port.js';
import { stepResultForVerdict } from '../policy-verdict.js';
import type { StepContext, StepResult } from '../types.js';

/** The step result when protected changes were refused (and undone); undefined when none or allowed. */
export async function settleProtectedChanges(
  context: Pick<StepContext, 'policy' | 'runId' | 'stepId' | 'workDir' | 'env'>,
  agent: string,
  changedFiles: readonly string[],
  beforeTree: string,
): Promise<{ result: StepResult; restored: string[] } | undefined> {
  const touched = context.policy.protectedPaths(changedFiles);
  if (touched.length === 0) return undefined;
  const request: PolicyRequest = {
    action: 'write_protected_path',
    subject: `${agent} changed ${touched.join(', ')} in step ${context.stepId} of run ${context.runId}`,
    subjectKey: `run:${context.runId}:step:${context.stepId}:write_protected_path`,
    initiator: 'ouro',
    effect: { agent, paths: touched },
  };
  const verdict = await context.policy.authorize(request);
  const result = stepResultForVerdict(verdict, request);
  if (result === undefined) return undefined;
  const git = (args: string[], cwd = context.workDir) =>
    runGit(args, { cwd, env: context.env, action: 'restore protected paths' });
  // The changed paths are relative to the repository's top level, which workDir may be below.
  const top = (await git(['rev-parse', '--show-toplevel'])).stdout.trim();
  const existed = (
    await git(['ls-tree', '-r', '-z', '--name-only', beforeTree, '--', ...touched], top)
  ).stdout
    .split('\0')
    .filter((name) => name !== '');
  if (existed.length > 0) {
    await git(['restore', `--source=${beforeTree}`, '--worktree', '--', ...existed], top);
  }
  for (const created of touched.filter((name) => !existed.includes(name))) {
    await rm(path.join(top, created), { force: true });
  }
  return { result, restored: touched };
}
