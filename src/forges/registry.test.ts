import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteTestStore } from '../../test/support/database.js';
import { ouroConfigSchema } from '../config/index.js';
import { silentLogger } from '../observability/silent-logger.js';
import type { Store } from '../store/types.js';
import { LocalForge } from './local/local-forge.js';
import { createForge } from './registry.js';

describe('createForge', () => {
  let store: Store;

  beforeEach(async () => {
    store = await createSqliteTestStore();
  });

  afterEach(async () => {
    await store.close();
  });

  it('gives the local forge when no forge is configured', () => {
    const forge = createForge(ouroConfigSchema.parse({}), {
      store,
      repositoryDir: process.cwd(),
      logger: silentLogger,
      env: {},
    });
    expect(forge).toBeInstanceOf(LocalForge);
    expect(forge.id).toBe('local');
  });

  it('acts as the given identity on the local forge', async () => {
    const forge = createForge(ouroConfigSchema.parse({ forge: { type: 'local' } }), {
      store,
      repositoryDir: process.cwd(),
      logger: silentLogger,
      env: {},
      actor: 'ouro',
    });
    expect((await forge.createIssue({ title: 't', body: '' })).author).toBe('ouro');
  });

  it('gives the GitHub forge for forge.type github, and refuses without a token', () => {
    const config = ouroConfigSchema.parse({
      forge: { type: 'github', github: { owner: 'octo', repo: 'demo' } },
    });
    const context = { store, repositoryDir: process.cwd(), logger: silentLogger };
    expect(createForge(config, { ...context, env: { GITHUB_TOKEN: 'ghs_test' } }).id).toBe('github');
    expect(() => createForge(config, { ...context, env: {} })).toThrow(
      expect.objectContaining({ code: 'OURO_GITHUB_TOKEN_MISSING' }),
    );
  });
});
