/**
 * `ouro policy check --ai-review` through the real binary against the fake model server (Anthropic
 * wire format): the review raises the risk and so the exit code, its call is in the ledger of the
 * project's store, and a failed review leaves the guard risk and the exit code as they were.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startFakeModelServer, type FakeModelServer } from '../support/fake-model-server/index.js';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../support/temporary-git-repository.js';
import { dialects, modelEnv, ouroIn } from './ai-e2e-support.js';

interface CheckJson {
  risk: { level: string; reasons: string[] };
  aiReview: { status: string; level: string | null; model: string; error: { code: string } | null } | null;
  failed: boolean;
}

describe.each(dialects('ouro_ai_risk_review'))('ouro policy check --ai-review on $name', (dialect) => {
  let server: FakeModelServer;
  let repository: TemporaryGitRepository;
  let env: NodeJS.ProcessEnv;
  let base: string;
  let head: string;

  beforeAll(async () => {
    env = await dialect.env();
  });
  afterAll(() => dialect.cleanup());
  beforeEach(async () => {
    server = await startFakeModelServer({ requireApiKey: 'test-key' });
    repository = createTemporaryGitRepository();
    repository.write('.gitignore', '.ouro/\n');
    repository.write('src/auth.ts', 'export const isAdmin = (user) => user.admin;\n');
    base = repository.commit('base');
    repository.write('requirements.txt', 'flask\n');
    repository.write('src/auth.ts', 'export const isAdmin = (user) => true;\n');
    head = repository.commit('head');
  });
  afterEach(async () => {
    await server.close();
    repository.cleanup();
  });

  const check = (...extra: string[]) =>
    ouroIn(repository.dir, { ...env, ...modelEnv(server.anthropicBaseUrl) })(
      'policy',
      'check',
      '--base',
      base,
      '--head',
      head,
      '--json',
      ...extra,
    );

  it('raises MEDIUM to HIGH (exit 1 at --fail-on high) and records the call', async () => {
    server.script([
      {
        text: JSON.stringify({
          level: 'high',
          summary: 'Every user is an administrator now.',
          reasons: [{ reason: 'isAdmin() returns true for everyone', file: 'src/auth.ts' }],
        }),
      },
    ]);
    const result = await check('--ai-review');
    server.assertDone();
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as CheckJson;
    expect(report.risk.level).toBe('high');
    expect(report.risk.reasons).toContain(
      'AI review (anthropic:claude-sonnet-4-5): src/auth.ts: isAdmin() returns true for everyone',
    );
    expect(report.aiReview).toMatchObject({ status: 'completed', level: 'high' });
    expect(report.failed).toBe(true);

    const url = env.OURO_DATABASE_URL;
    const store = await openStore({ projectDir: repository.dir, url: url === '' ? undefined : url });
    try {
      const calls = await store.modelCalls.list({});
      expect(calls.some((call) => call.purpose === 'policy.ai_risk_review')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a failed review never blocks: the guard risk and exit code stand', async () => {
    server.script([{ error: { status: 400 } }]);
    const result = await check('--ai-review');
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as CheckJson;
    expect(report.risk.level).toBe('medium');
    expect(report.aiReview?.status).toBe('failed');
    expect(report.risk.reasons.at(-1)).toMatch(/^AI review failed: OURO_MODEL_/);
  });

  it('--no-ai-review overrides safety.ai_review.enabled', async () => {
    repository.write('ouro.config.yaml', 'safety:\n  ai_review: { enabled: true }\n');
    const result = await check('--no-ai-review');
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as CheckJson).aiReview).toBeNull();
    expect(server.requests).toHaveLength(0);
  });
});
