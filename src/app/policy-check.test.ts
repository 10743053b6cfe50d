/**
 * `policyCheck` and `assessChange` with the AI risk review: a real git repository, the project's
 * real gateway (ledger in the store, SQLite and PostgreSQL) and the fake model server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dialects, modelEnv } from '../../test/integration/ai-e2e-support.js';
import { startFakeModelServer, type FakeModelServer } from '../../test/support/fake-model-server/index.js';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../test/support/temporary-git-repository.js';
import { renderReportJson, renderReportMarkdown } from '../policy/risk/risk-report.js';
import { assessChange, changeAssessor, policyCheck } from './policy-check.js';
import { openProject, type ProjectContext } from './project-context.js';

const model = 'anthropic:claude-sonnet-4-5';
const highAnswer = {
  level: 'high',
  summary: 'Every user is now an administrator.',
  reasons: [{ reason: 'isAdmin() returns true for everyone', file: 'src/auth.ts' }],
};

describe.each(dialects('ouro_policy_check'))('policy check with the AI review on $name', (dialect) => {
  let server: FakeModelServer;
  let repository: TemporaryGitRepository;
  let project: ProjectContext;
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
    repository.write('src/auth.ts', 'export const isAdmin = (user: User) => user.admin;\n');
    base = repository.commit('base');
    // MEDIUM for the guards: a new dependency. The weakened authorization is for the reviewer.
    repository.write('requirements.txt', 'flask\n');
    repository.write('src/auth.ts', 'export const isAdmin = (user: User) => true;\n');
    head = repository.commit('head');
  });
  afterEach(async () => {
    await project?.close();
    await server.close();
    repository.cleanup();
  });

  async function open(config: string): Promise<ProjectContext> {
    repository.write('ouro.config.yaml', config);
    project = await openProject({
      projectDir: repository.dir,
      env: { ...process.env, ...env, ...modelEnv(server.anthropicBaseUrl) },
    });
    return project;
  }

  it('--ai-review raises MEDIUM to HIGH, records the call, and the report shows the review', async () => {
    const opened = await open('safety: {}\n');
    server.script([{ text: JSON.stringify(highAnswer) }]);
    const report = await policyCheck({
      projectDir: repository.dir,
      safety: opened.config.safety,
      base,
      head,
      aiReview: true,
      models: () => opened.models(),
      scope: { taskId: 'task_check' },
    });
    server.assertDone();
    expect(report.risk).toEqual({
      level: 'high',
      reasons: [
        'highest finding severity is MEDIUM (dependencies)',
        `AI review (${model}): rated HIGH, raised from MEDIUM`,
        `AI review (${model}): src/auth.ts: isAdmin() returns true for everyone`,
      ],
    });
    expect(report.aiReview).toMatchObject({ status: 'completed', level: 'high', model });
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain('## Risk: HIGH');
    expect(markdown).toMatch(
      /AI review \(anthropic:claude-sonnet-4-5\): HIGH \(\$\d+\.\d{4}\)\. Every user is now an administrator\./,
    );
    const json = JSON.parse(renderReportJson(report)) as { aiReview: { reasons: string[] } };
    expect(json.aiReview.reasons).toEqual(['src/auth.ts: isAdmin() returns true for everyone']);

    // On PostgreSQL the tests share one schema: only this test's calls.
    const calls = (await (await opened.store()).modelCalls.list({})).filter(
      (call) => call.taskId === 'task_check',
    );
    expect(calls.map((call) => [call.purpose, call.outcome])).toEqual([
      ['policy.ai_risk_review', 'succeeded'],
    ]);
  });

  it('runs no review unless enabled, and --no-ai-review wins over the config', async () => {
    const disabled = await open('safety: {}\n');
    const plain = await policyCheck({
      projectDir: repository.dir,
      safety: disabled.config.safety,
      base,
      head,
      models: () => disabled.models(),
    });
    expect(plain.aiReview).toBeUndefined();
    expect(plain.risk.level).toBe('medium');
    await disabled.close();

    const enabled = await open('safety:\n  ai_review: { enabled: true }\n');
    const overridden = await policyCheck({
      projectDir: repository.dir,
      safety: enabled.config.safety,
      base,
      head,
      aiReview: false,
      models: () => enabled.models(),
    });
    expect(overridden.aiReview).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it('assessChange reviews a range when safety.ai_review.enabled, with the configured model and limit', async () => {
    const opened = await open(
      `safety:\n  ai_review: { enabled: true, model: '${model}', max_diff_lines: 5 }\n`,
    );
    server.script([{ text: JSON.stringify(highAnswer) }]);
    const { report } = await assessChange({
      directory: repository.dir,
      base,
      head,
      config: opened.config,
      models: () => opened.models(),
      scope: { taskId: 'task_1' },
    });
    server.assertDone();
    expect(report.risk.level).toBe('high');
    expect(report.aiReview).toMatchObject({ truncated: true, sentLines: 5, model });
    expect(report.findings.map((finding) => finding.guard)).toEqual(['dependencies']);
    const calls = (await (await opened.store()).modelCalls.list({})).filter(
      (call) => call.taskId === 'task_1',
    );
    expect(calls.map((call) => call.purpose)).toEqual(['policy.ai_risk_review']);
  });

  it('a failing review keeps the guard risk and says why', async () => {
    const opened = await open('safety:\n  ai_review: { enabled: true }\n');
    server.script([{ text: 'not json' }]);
    const { report } = await assessChange({
      directory: repository.dir,
      base,
      head,
      config: opened.config,
      models: () => opened.models(),
    });
    expect(report.risk).toEqual({
      level: 'medium',
      reasons: [
        'highest finding severity is MEDIUM (dependencies)',
        'AI review failed: OURO_POLICY_AI_REVIEW_INVALID',
      ],
    });
    expect(renderReportMarkdown(report)).toContain(
      `AI review (${model}) failed, the guard risk stands: OURO_POLICY_AI_REVIEW_INVALID`,
    );
  });

  it('changeAssessor gives the policy gate the risk, the reasons and the report', async () => {
    const opened = await open('safety: {}\n');
    const assess = changeAssessor({ config: opened.config, models: () => opened.models() });
    const assessed = await assess({ directory: repository.dir, base, head });
    expect(assessed).toMatchObject({
      risk: 'medium',
      reasons: ['highest finding severity is MEDIUM (dependencies)'],
      assessment: {
        filesChanged: 2,
        aiReview: null,
        findings: [{ guard: 'dependencies', file: 'requirements.txt', message: 'new dependencies: flask' }],
      },
    });
    expect(server.requests).toHaveLength(0);
  });
});
