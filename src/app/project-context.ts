/**
 * Opens everything a use case needs for one project: the effective config, the store (migrated),
 * the logger (file + terminal, redacted) and the adapter registry. Surfaces (CLI, server) call this
 * once per command or process and close it at the end.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { projectAdapterRegistry, type AdapterRegistry } from '../adapters/registry.js';
import { resolveLogFile, resolveWorkDir } from '../config/config-paths.js';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import type { OuroConfig } from '../config/schema/ouro-config.js';
import { createLogger } from '../observability/logger.js';
import type { Logger, LogLevel } from '../observability/logger-types.js';
import { createRedactor, secretsFromEnvironment, secretsFromValue } from '../observability/redact.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { createStoreBudgetGuard } from '../models/budget/store-budget-guard.js';
import { createBudgetThresholdAlert } from './notifications/budget-threshold-alert.js';
import { createNotifier } from './notifications/notifier.js';
import { createStoreLedger } from '../models/ledger/store-ledger.js';
import { createModelGateway } from '../models/model-gateway.js';
import type { ModelGateway } from '../models/types.js';

export interface ProjectOptions {
  projectDir: string;
  configFile?: string | undefined;
  logLevel?: LogLevel | undefined;
  /** Where readable log lines go (stderr for the CLI); none when undefined. */
  terminal?: { stream: NodeJS.WritableStream; color: boolean } | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface ProjectPaths {
  projectDir: string;
  workDir: string;
  runsDir: string;
  cacheDir: string;
  logFile: string;
}

export interface ProjectContext {
  loaded: LoadedConfig;
  config: OuroConfig;
  paths: ProjectPaths;
  logger: Logger;
  adapters: AdapterRegistry;
  env: NodeJS.ProcessEnv;
  /** `host:pid`, recorded as the owner of the runs this process executes. */
  owner: string;
  store(): Promise<Store>;
  /** The model gateway (ledger and budgets in the store); opens the store. */
  models(): Promise<ModelGateway>;
  close(): Promise<void>;
}

/** The project's `.env` values (never applied to process.env): their secrets must be redacted too. */
function readDotEnv(projectDir: string): NodeJS.ProcessEnv {
  try {
    return parseDotenv(readFileSync(path.join(projectDir, '.env'), 'utf8'));
  } catch {
    return {};
  }
}

export async function loadProjectConfig(options: ProjectOptions): Promise<LoadedConfig> {
  return loadConfig({
    projectDir: options.projectDir,
    configFile: options.configFile,
    env: options.env ?? process.env,
    flags: options.logLevel ? { logLevel: options.logLevel } : {},
  });
}

export async function openProject(options: ProjectOptions): Promise<ProjectContext> {
  const env = options.env ?? process.env;
  const loaded = await loadProjectConfig(options);
  const { config } = loaded;
  const workDir = resolveWorkDir(config, options.projectDir);
  const paths: ProjectPaths = {
    projectDir: options.projectDir,
    workDir,
    runsDir: path.join(workDir, 'runs'),
    cacheDir: path.join(workDir, 'cache'),
    logFile: resolveLogFile(config, options.projectDir),
  };
  const handle = createLogger({
    level: config.logging.level,
    file: paths.logFile,
    maxSizeBytes: config.logging.max_size_mb * 1024 * 1024,
    maxFiles: config.logging.max_files,
    redactor: createRedactor({
      secrets: [
        ...secretsFromEnvironment(env),
        ...secretsFromEnvironment(readDotEnv(options.projectDir)),
        ...secretsFromValue(config),
      ],
    }),
    ...(options.terminal ? { terminal: { ...options.terminal, level: options.logLevel ?? 'error' } } : {}),
  });
  let store: Store | undefined;
  let storePromise: Promise<Store> | undefined;
  let gateway: ModelGateway | undefined;
  const openStoreOnce = (): Promise<Store> => {
    storePromise ??= (async () => {
      const opened = await openStore({
        url: config.database.url,
        projectDir: options.projectDir,
        workDir: config.orchestrator.work_dir,
      });
      await opened.migrate();
      store = opened;
      return opened;
    })();
    return storePromise;
  };
  return {
    loaded,
    config,
    paths,
    logger: handle.logger,
    adapters: projectAdapterRegistry(config),
    env,
    owner: `${os.hostname()}:${process.pid}`,
    store: openStoreOnce,
    async models() {
      if (!gateway) {
        const opened = await openStoreOnce();
        await releaseAbandonedReservations(opened, handle.logger);
        gateway = createModelGateway({
          config,
          env,
          ledger: createStoreLedger(opened),
          budget: createStoreBudgetGuard({
            store: opened,
            config,
            alerts: {
              logger: handle.logger,
              onThreshold: createBudgetThresholdAlert({
                store: opened,
                logger: handle.logger,
                notify: createNotifier(config, { logger: handle.logger, env }).notify,
              }),
            },
          }),
          logger: handle.logger,
          cwd: options.projectDir,
        });
      }
      return gateway;
    },
    async close() {
      if (store) await store.close();
      handle.flush();
      handle.close();
    },
  };
}

/**
 * A reservation stays open only for the length of one model call; one older than an hour belongs to
 * a process that died mid-call, and keeps budget that was never spent. Whoever opens the gateway next
 * gives it back.
 */
const abandonedReservationMs = 60 * 60 * 1000;

async function releaseAbandonedReservations(store: Store, logger: Logger): Promise<void> {
  const now = Date.now();
  const released = await store.budgets.releaseStale(now - abandonedReservationMs, now);
  if (released > 0) {
    logger.warn(
      { event: 'budget_reservations_released', count: released },
      `released ${released} budget reservation(s) left open by a process that stopped mid-call`,
    );
  }
}

/** Whether a `host:pid` owner is alive; owners on other hosts are presumed alive (their lease decides). */
export function isOwnerAlive(owner: string): boolean {
  const separator = owner.lastIndexOf(':');
  const host = owner.slice(0, separator);
  const pid = Number(owner.slice(separator + 1));
  if (host !== os.hostname() || !Number.isInteger(pid)) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
