/**
 * The error code registry: every code Ouro can raise, gathered from one file per area. The table in
 * docs/errors.md is generated from this object (`npm run generate`) and checked for drift by a test.
 */
import { adapterErrors } from './codes/adapter.js';
import { configErrors } from './codes/config.js';
import { expressionErrors } from './codes/expression.js';
import { generalErrors } from './codes/general.js';
import { logErrors } from './codes/log.js';
import { runErrors } from './codes/run.js';
import { storeErrors } from './codes/store.js';
import { toolErrors } from './codes/tool.js';
import { workflowErrors } from './codes/workflow.js';

export const errorRegistry = {
  ...generalErrors,
  ...configErrors,
  ...storeErrors,
  ...workflowErrors,
  ...expressionErrors,
  ...runErrors,
  ...adapterErrors,
  ...toolErrors,
  ...logErrors,
};

export type ErrorCode = keyof typeof errorRegistry;
