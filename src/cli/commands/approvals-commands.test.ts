/**
 * `ouro approvals list|view|approve|deny` through the real binary (dist/), on SQLite and, with
 * OURO_TEST_DATABASE_URL, on PostgreSQL: the runbook's human shapes, --json, exit codes, the OS
 * user as the deciding identity, safety.approvers, and the audit entries that decisions leave.
 */
import { cliDialects, withCliStore } from '../../../test/support/cli-dialects.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import type { NewApproval, Store } from '../../store/types.js';

const me = `user:${os.userInfo().username}`;
const hour = 3_600_000;

function approval(id: string, overrides: Partial<NewApproval> = {}): NewApproval {
  const now = Date.now();
  return {
    id,
    operation: 'merge',
    subjectKey: `pr:${id}`,
    subject: { description: 'PR #456', pr: 456, headSha: 'abcdef0123456789abcdef' },
    risk: 'medium',
    reasons: ['supervised mode: merge needs a person’s approval'],
    details: {},
    requestedBy: 'ouro',
    requestedAt: now - 2 * hour,
    expiresAt: now + 22 * hour,
    quorum: 1,
    ...overrides,
  };
}

describe.each(cliDialects())('ouro approvals ($name)', (dialect) => {
  let projectDir: string;
  let databaseUrl: string;
  let cleanup: () => Promise<void>;

  const ouro = (...args: string[]) =>
    runCli(['-C', projectDir, ...args], { env: { OURO_DATABASE_URL: databaseUrl } });

  const withStore = <T>(body: (store: Store) => Promise<T>): Promise<T> =>
    withCliStore(databaseUrl, projectDir, body);

  beforeEach(async () => {
    projectDir = mkdtempSync(path.join(os.tmpdir(), 'ouro-approvals-cli-'));
    ({ databaseUrl, cleanup } = await dialect.prepare());
    await withStore(async (store) => {
      await store.approvals.create(
        approval('apr_1234', {
          details: {
            effect: { pr: 456, method: 'squash' },
            assessment: {
              level: 'medium',
              findings: [
                {
                  guard: 'dependencies',
                  severity: 'medium',
                  file: 'requirements.txt',
                  line: 1,
                  message: 'new dependencies: flask',
                },
              ],
            },
            changedFiles: ['requirements.txt', 'src/app.py'],
            tests: { passed: 42, failed: 0 },
          },
        }),
      );
      await store.approvals.create(
        approval('apr_1235', {
          operation: 'write_protected_path',
          subject: { description: 'step 1.002 (shell) of run run_1', runId: 'run_1', stepId: '1.002' },
          risk: 'high',
          requestedAt: Date.now() - 30 * 60_000,
          expiresAt: Date.now() + 23.5 * hour,
          quorum: 2,
        }),
      );
      await store.approvals.create(
        approval('apr_gone', { requestedAt: Date.now() - 30 * hour, expiresAt: Date.now() - 6 * hour }),
      );
    });
  });

  afterEach(async () => {
    rmSync(projectDir, { recursive: true, force: true });
    await cleanup();
  });

  it('lists pending approvals like the runbook, and as JSON; --all and --state show the rest', async () => {
    const human = await ouro('approvals', 'list');
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('Pending Approvals\n-----------------\nID: apr_1235\n');
    expect(human.stdout).toContain(
      [
        'ID: apr_1234',
        'Operation: merge',
        'Subject: PR #456',
        'Risk Level: MEDIUM',
        'Requested: 2 hours ago by ouro',
      ].join('\n'),
    );
    expect(human.stdout).toMatch(/Expires: 2[12]\.\d hours\nApprovals: 0 of 1/);
    expect(human.stdout).toContain('Risk Level: HIGH');
    expect(human.stdout).toMatch(
      /Requested: 30 minutes ago by ouro\nExpires: 23\.[34] hours\nApprovals: 0 of 2/,
    );
    expect(human.stdout).not.toContain('apr_gone');

    const json = await ouro('approvals', 'list', '--json');
    expect(json.exitCode, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as {
      approvals: Array<{ id: string; state: string; expiresAt: string }>;
    };
    expect(listed.approvals.map((item) => item.id)).toEqual(['apr_1235', 'apr_1234']);
    expect(Number.isNaN(Date.parse(listed.approvals[0]!.expiresAt))).toBe(false);

    const expired = await ouro('approvals', 'list', '--state', 'expired', '--json');
    const expiredList = JSON.parse(expired.stdout) as { approvals: Array<{ id: string; state: string }> };
    expect(expiredList.approvals).toMatchObject([{ id: 'apr_gone', state: 'expired' }]);
    const all = await ouro('approvals', 'list', '--all');
    expect(all.stdout).toContain('Approvals\n---------');
    expect(all.stdout).toMatch(/ID: apr_gone[\s\S]*State: expired/);

    const invalid = await ouro('approvals', 'list', '--state', 'open');
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('expected one of pending, approved, denied, expired, stale');
  });

  it('views an approval with what was recorded and "not recorded" for the rest', async () => {
    const full = await ouro('approvals', 'view', 'apr_1234');
    expect(full.exitCode, full.stderr).toBe(0);
    expect(full.stdout).toContain('Approval apr_1234 — PENDING');
    expect(full.stdout).toContain('Subject: PR #456 (head abcdef012345)');
    expect(full.stdout).toContain('    MEDIUM dependencies requirements.txt:1 — new dependencies: flask');
    expect(full.stdout).toContain('Changed files (2):\n  requirements.txt\n  src/app.py');
    expect(full.stdout).toContain('Test results: passed: 42, failed: 0');
    expect(full.stdout).toContain('Cost so far: not recorded');
    expect(full.stdout).toContain('Decisions:\n  none yet');

    const bare = await ouro('approvals', 'view', 'apr_1235');
    expect(bare.stdout).toContain('Subject: step 1.002 (shell) of run run_1\n');
    expect(bare.stdout).toContain('Risk assessment: not recorded');
    expect(bare.stdout).toContain('Changed files: not recorded');
    expect(bare.stdout).toContain('Test results: not recorded');

    const json = await ouro('approvals', 'view', 'apr_1234', '--json');
    const view = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(view).toMatchObject({
      approval: { id: 'apr_1234', state: 'pending', approvals: 0 },
      changedFiles: ['requirements.txt', 'src/app.py'],
      tests: { passed: 42, failed: 0 },
      costSoFar: null,
    });

    const missing = await ouro('approvals', 'view', 'apr_nope');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('error OURO_APPROVAL_NOT_FOUND: No approval apr_nope');
    expect(missing.stderr).toContain('ouro approvals list');
  });

  it('approves several ids as the OS user, reports each, and exits 1 when one failed', async () => {
    const result = await ouro(
      'approvals',
      'approve',
      'apr_1234',
      'apr_1235',
      'apr_gone',
      '--comment',
      'Reviewed.',
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('apr_1234: approved (1 of 1 approvals) — merge may proceed');
    expect(result.stdout).toContain('apr_1235: approval recorded (1 of 2); 1 more needed');
    expect(result.stderr).toContain('error OURO_APPROVAL_EXPIRED: Approval apr_gone expired');

    const again = await ouro('approvals', 'approve', 'apr_1235', '--json');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({
      results: [
        { id: 'apr_1235', ok: true, outcome: 'already_approved', state: 'pending', approvals: 1, quorum: 2 },
      ],
    });

    const decided = await ouro('approvals', 'approve', 'apr_1234', '--json');
    expect(decided.exitCode).toBe(1);
    const document = JSON.parse(decided.stdout) as {
      results: Array<{ ok: boolean; error: { code: string } }>;
    };
    expect(document.results[0]).toMatchObject({
      ok: false,
      error: { code: 'OURO_APPROVAL_ALREADY_DECIDED' },
    });

    const audit = await ouro('audit', 'list', '--json');
    const entries = (JSON.parse(audit.stdout) as { entries: Array<Record<string, unknown>> }).entries;
    expect(
      entries.map((entry) => [entry['actor'], entry['action'], entry['subject'], entry['decision']]),
    ).toEqual([
      ['ouro', 'approval_expired', 'apr_gone', null],
      [me, 'approval_decided', 'apr_1234', 'approve'],
      [me, 'approval_decided', 'apr_1235', 'approve'],
    ]);
    expect((await ouro('audit', 'verify')).exitCode).toBe(0);
  });

  it('denies with a required reason', async () => {
    const withoutReason = await ouro('approvals', 'deny', 'apr_1234');
    expect(withoutReason.exitCode).toBe(2);
    expect(withoutReason.stderr).toContain("required option '--reason <text>' not specified");

    const denied = await ouro('approvals', 'deny', 'apr_1234', '--reason', 'Security concerns.');
    expect(denied.exitCode, denied.stderr).toBe(0);
    expect(denied.stdout).toContain('apr_1234: denied — merge will not happen');
    const view = JSON.parse((await ouro('approvals', 'view', 'apr_1234', '--json')).stdout) as {
      approval: { state: string; decisions: Array<{ by: string; decision: string; comment: string }> };
    };
    expect(view.approval.state).toBe('denied');
    expect(view.approval.decisions).toMatchObject([
      { by: me, decision: 'deny', comment: 'Security concerns.' },
    ]);
  });

  it('refuses identities that safety.approvers does not list', async () => {
    writeFileSync(path.join(projectDir, 'ouro.config.yaml'), 'safety:\n  approvers: ["user:someone-else"]\n');
    const refused = await ouro('approvals', 'approve', 'apr_1234');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`error OURO_APPROVAL_NOT_ALLOWED: ${me} may not decide approvals`);
    expect(refused.stderr).toContain(`add ${me} to safety.approvers`);

    writeFileSync(path.join(projectDir, 'ouro.config.yaml'), `safety:\n  approvers: ["${me}"]\n`);
    const allowed = await ouro('approvals', 'approve', 'apr_1234');
    expect(allowed.exitCode, allowed.stderr).toBe(0);
  });
});
