/**
 * Public surface of the fake model server used by tests across Ouro (models, AI adapters, agent
 * CLI integration). See README.md in this folder.
 */
export { startFakeModelServer } from './server.js';
export type { FakeModelServer, FakeModelServerOptions, RecordedRequest } from './server.js';
export type { ScriptedReply, ScriptedToolCall, ScriptedUsage } from './scripted-reply.js';
export type { ModelApiName } from './wire-format.js';
