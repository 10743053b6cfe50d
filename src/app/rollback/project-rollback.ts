/**
 * The operator's rollback in a project (what `ouro rollback` and, later, the HTTP API call): the
 * store and config of the project, the policy gate acting as the operator, no forge yet (the forge
 * issue adds the configured one, and with it revert pull requests and reopened issues).
 */
import { createPolicyGate } from '../../policy/policy-gate.js';
import { operatorIdentity } from '../operator-identity.js';
import type { ProjectContext } from '../project-context.js';
import { rollback } from './rollback.js';
import type { RollbackTarget } from './rollback-target.js';
import type { RollbackResult } from './rollback-types.js';

export async function rollbackInProject(
  project: ProjectContext,
  target: RollbackTarget,
  by: string = operatorIdentity(),
): Promise<RollbackResult> {
  const store = await project.store();
  const gate = createPolicyGate({ store, config: project.config, actor: by, logger: project.logger });
  return rollback({ store, gate, target, by, directory: project.paths.projectDir, env: project.env });
}
