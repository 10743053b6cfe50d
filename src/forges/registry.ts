/**
 * Which forge a project talks to: `forge.type` in the config, `local` when nothing is configured.
 * Each forge registers one factory in `forgeFactories`.
 */
import type { OuroConfig } from '../config/index.js';
import { OuroError } from '../errors/index.js';
import type { Logger } from '../observability/logger-types.js';
import type { Store } from '../store/types.js';
import { createGitHubForgeFromConfig } from './github/create-github-forge.js';
import { LocalForge } from './local/local-forge.js';
import type { Forge } from './types.js';

export interface ForgeContext {
  store: Store;
  /** The project's git repository. */
  repositoryDir: string;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Who the forge acts as where it records an author (local forge); default the OS user. */
  actor?: string;
}

export type ForgeType = OuroConfig['forge']['type'];

export type ForgeFactory = (config: OuroConfig, context: ForgeContext) => Forge;

/** One entry per forge type: the single place where a forge is plugged in. */
export const forgeFactories: Partial<Record<ForgeType, ForgeFactory>> = {
  local: (_config, context) =>
    new LocalForge({
      store: context.store,
      repositoryDir: context.repositoryDir,
      env: context.env,
      ...(context.actor !== undefined ? { actor: context.actor } : {}),
    }),
  github: (config, context) => createGitHubForgeFromConfig(config.forge, context),
};

export function createForge(config: OuroConfig, context: ForgeContext): Forge {
  const type = config.forge.type;
  const factory = forgeFactories[type];
  if (factory === undefined) {
    throw new OuroError('OURO_FORGE_NOT_IMPLEMENTED', {
      forge: type,
      reason: `no ${type} forge is built into this version of Ouro`,
    });
  }
  return factory(config, context);
}
