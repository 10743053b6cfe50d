/**
 * Decides what an agent may do: the step's `permission_mode`, or — only when the step asks for it AND
 * the configuration allows it — every permission check off. Refusing is an error, never a silent
 * downgrade, so a workflow that depends on it fails visibly.
 */
import { OuroError } from '../../errors/index.js';
import type { AgentCommonParams, AgentPermission } from './agent-params.js';

export function resolveAgentPermission(
  agent: string,
  params: Pick<AgentCommonParams, 'permission_mode' | 'dangerously_skip_permissions'>,
  allowDangerouslySkipPermissions: boolean,
): AgentPermission {
  if (!params.dangerously_skip_permissions) return params.permission_mode;
  if (!allowDangerouslySkipPermissions) throw new OuroError('OURO_AGENT_PERMISSIONS_REFUSED', { agent });
  return 'bypass';
}
