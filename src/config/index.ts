/** The config layer's public surface: schemas, loading, editing, init and the JSON Schema export. */
export {
  ouroConfigSchema,
  type OuroConfig,
  type OuroConfigInput,
  type OrchestratorMode,
} from './schema/ouro-config.js';
export { orchestratorModes } from './schema/orchestrator.js';
export { logLevels } from './schema/logging.js';
export {
  parseYamlSource,
  describePath,
  type YamlSource,
  type SourcePosition,
  type SourcePath,
} from './yaml-source.js';
export {
  loadConfig,
  readConfigFile,
  defaultConfigFiles,
  type LoadConfigOptions,
  type LoadedConfig,
} from './load-config.js';
export { environmentOverrides, flagOverrides, type FlagOverrides } from './config-overrides.js';
export { formatProblem, type ConfigProblem, type ConfigValueSource } from './config-problem.js';
export { validateConfigValue, type ConfigValidation } from './validate-config-value.js';
export { getConfigValue, parseConfigKey } from './config-key.js';
export {
  getConfigFileValue,
  setConfigFileValue,
  parseCommandLineValue,
  type SetConfigResult,
} from './config-file-edit.js';
export { initProject, type InitResult } from './init-project.js';
export { configJsonSchema, configJsonSchemaText, writeConfigJsonSchema } from './json-schema.js';
export { resolveWorkDir, resolveLogFile, resolveWorkflowsDir } from './config-paths.js';
export { suggestClosest } from './suggest.js';
