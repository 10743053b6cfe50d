/** The whole config: one strict object of sections, each with every default filled after parsing. */
import { z } from 'zod';
import { agentsSchema } from './agents.js';
import { databaseSchema } from './database.js';
import { forgeSchema } from './forge.js';
import { issueProcessingSchema } from './issue-processing.js';
import { loggingSchema } from './logging.js';
import { modelsSchema } from './models.js';
import { notificationsSchema } from './notifications.js';
import { orchestratorSchema } from './orchestrator.js';
import { safetySchema } from './safety.js';
import { serverSchema } from './server.js';
import { workflowsSchema } from './workflows.js';
import { workspacesSchema } from './workspaces.js';

export const ouroConfigSchema = z.strictObject({
  orchestrator: orchestratorSchema,
  forge: forgeSchema,
  issue_processing: issueProcessingSchema,
  models: modelsSchema,
  agents: agentsSchema,
  safety: safetySchema,
  workflows: workflowsSchema,
  workspaces: workspacesSchema,
  server: serverSchema,
  logging: loggingSchema,
  notifications: notificationsSchema,
  database: databaseSchema,
});

/** The parsed config, every default filled. */
export type OuroConfig = z.output<typeof ouroConfigSchema>;
/** What a config file may contain (everything optional). */
export type OuroConfigInput = z.input<typeof ouroConfigSchema>;
export type OrchestratorMode = OuroConfig['orchestrator']['mode'];
export type ConfigLogLevel = OuroConfig['logging']['level'];
