/**
 * The configured forge of a project, with the policy gate an operator's forge command asks first
 * (acting as `user:<OS user>`, assessing the risk of a PR's range for merges).
 */
import { createForge } from '../../forges/registry.js';
import type { Forge } from '../../forges/types.js';
import { createPolicyGate, type PolicyGate } from '../../policy/policy-gate.js';
import type { Store } from '../../store/types.js';
import { operatorIdentity } from '../operator-identity.js';
import { changeAssessor } from '../policy-check.js';
import type { ProjectContext } from '../project-context.js';

export interface ProjectForge {
  forge: Forge;
  store: Store;
  gate: PolicyGate;
  /** The project's git repository (where diffs are computed). */
  repositoryDir: string;
  actor: string;
}

export async function openProjectForge(
  project: ProjectContext,
  actor: string = operatorIdentity(),
): Promise<ProjectForge> {
  const store = await project.store();
  const repositoryDir = project.paths.projectDir;
  const forge = createForge(project.config, {
    store,
    repositoryDir,
    logger: project.logger,
    env: project.env,
    actor,
  });
  const gate = createPolicyGate({
    store,
    config: project.config,
    actor,
    logger: project.logger,
    assessChange: changeAssessor({ config: project.config, models: () => project.models() }),
  });
  return { forge, store, gate, repositoryDir, actor };
}
