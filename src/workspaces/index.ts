export { WorkspaceManager, type WorkspaceManagerOptions } from './workspace-manager.js';
export { workspaceBranch, workspaceName } from './workspace-key.js';
export type { HookName } from './run-hook.js';
export type * from './workspace-types.js';
