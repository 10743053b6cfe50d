/**
 * The error code registry: every code Ouro can raise, gathered from one file per area. The table in
 * docs/errors.md is generated from this object (`npm run generate`) and checked for drift by a test.
 */
import { adapterErrors } from './codes/adapter.js';
import { agentErrors } from './codes/agent.js';
import { auditErrors } from './codes/audit.js';
import { aiErrors } from './codes/ai.js';
import { budgetErrors } from './codes/budget.js';
import { configErrors } from './codes/config.js';
import { contextErrors } from './codes/context.js';
import { expressionErrors } from './codes/expression.js';
import { generalErrors } from './codes/general.js';
import { logErrors } from './codes/log.js';
import { modelErrors } from './codes/model.js';
import { policyErrors } from './codes/policy.js';
import { runErrors } from './codes/run.js';
import { storeErrors } from './codes/store.js';
import { toolErrors } from './codes/tool.js';
import { workflowErrors } from './codes/workflow.js';
import { approvalErrors } from './codes/approval.js';
import { rollbackErrors } from './codes/rollback.js';
import { safetyErrors } from './codes/safety.js';
import { metricsErrors } from './codes/metrics.js';
import { notificationErrors } from './codes/notification.js';
import { forgeErrors } from './codes/forge.js';
import { githubErrors } from './codes/github.js';
import { workspaceErrors } from './codes/workspace.js';

export const errorRegistry = {
  ...generalErrors,
  ...configErrors,
  ...contextErrors,
  ...storeErrors,
  ...workflowErrors,
  ...expressionErrors,
  ...runErrors,
  ...adapterErrors,
  ...agentErrors,
  ...aiErrors,
  ...budgetErrors,
  ...toolErrors,
  ...logErrors,
  ...modelErrors,
  ...auditErrors,
  ...policyErrors,
  ...approvalErrors,
  ...rollbackErrors,
  ...safetyErrors,
  ...metricsErrors,
  ...notificationErrors,
  ...forgeErrors,
  ...githubErrors,
  ...workspaceErrors,
};

export type ErrorCode = keyof typeof errorRegistry;
