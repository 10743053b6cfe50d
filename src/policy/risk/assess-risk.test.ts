import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';
import { ouroConfigSchema } from '../../config/index.js';
import { checkDiff } from '../check-diff.js';
import type { Finding, Severity } from '../guards/finding.js';
import { assessRisk } from './assess-risk.js';
import { renderReportJson, renderReportMarkdown } from './risk-report.js';

const rules = { medium_findings_for_high: 3, high_findings_for_critical: 0 };
const finding = (severity: Severity, guard = 'g'): Finding => ({
  guard,
  severity,
  file: 'a.ts',
  line: 1,
  message: `${severity} thing`,
});

describe('assessRisk', () => {
  it('is LOW without findings and says so', () => {
    expect(assessRisk([], rules)).toEqual({ level: 'low', reasons: ['no guard reported anything'] });
  });

  it('takes the highest finding severity and names its guards', () => {
    expect(
      assessRisk([finding('low'), finding('high', 'protected-paths'), finding('medium')], rules),
    ).toEqual({
      level: 'high',
      reasons: ['highest finding severity is HIGH (protected-paths)'],
    });
  });

  it('raises many MEDIUM findings to HIGH, and only from the configured count', () => {
    const three = [finding('medium', 'a'), finding('medium', 'b'), finding('medium', 'a')];
    expect(assessRisk(three, rules)).toEqual({
      level: 'high',
      reasons: ['highest finding severity is MEDIUM (a, b)', '3 MEDIUM findings (at least 3) → HIGH'],
    });
    expect(assessRisk(three.slice(0, 2), rules).level).toBe('medium');
    expect(assessRisk(three, { ...rules, medium_findings_for_high: 0 }).level).toBe('medium');
  });

  it('raises many HIGH findings to CRITICAL when configured', () => {
    const highs = [finding('high'), finding('high')];
    expect(assessRisk(highs, rules).level).toBe('high');
    expect(assessRisk(highs, { ...rules, high_findings_for_critical: 2 })).toEqual({
      level: 'critical',
      reasons: ['highest finding severity is HIGH (g)', '2 HIGH findings (at least 2) → CRITICAL'],
    });
  });
});

describe('checkDiff and the report renderers', () => {
  let repository: TemporaryGitRepository;
  beforeEach(() => {
    repository = createTemporaryGitRepository();
  });
  afterEach(() => repository.cleanup());

  it('assesses a real change and renders it as Markdown and JSON', async () => {
    repository.write('src/a.ts', 'export const a = 1;\n');
    const base = repository.commit('base');
    repository.write('.github/workflows/ci.yml', 'on: push\n');
    repository.write('src/a.ts', 'export const a = 2;\n');
    const head = repository.commit('head');
    const report = await checkDiff(repository.git('diff', base, head), ouroConfigSchema.parse({}).safety);
    expect(report).toMatchObject({
      filesChanged: 2,
      linesAdded: 2,
      linesRemoved: 1,
      risk: { level: 'high' },
    });

    expect(renderReportMarkdown(report)).toBe(
      [
        '## Risk: HIGH',
        '',
        '2 file(s) changed, +2 −1 lines.',
        '',
        '- highest finding severity is HIGH (protected-paths)',
        '',
        'Not checked:',
        '',
        '- complexity: needs the files before and after (not available for a diff file)',
        '- public-api: needs the files before and after (not available for a diff file)',
        '',
        '| Severity | Guard | Location | Finding |',
        '| --- | --- | --- | --- |',
        '| HIGH | protected-paths | `.github/workflows/ci.yml` | added protected path .github/workflows/ci.yml (matches .github/workflows/**) |',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(renderReportJson(report)) as { findings: Array<Record<string, unknown>> };
    expect(json.findings[0]).toEqual({
      guard: 'protected-paths',
      severity: 'high',
      file: '.github/workflows/ci.yml',
      line: null,
      message: 'added protected path .github/workflows/ci.yml (matches .github/workflows/**)',
    });
  });

  it('renders an empty diff as LOW with no findings', async () => {
    const report = await checkDiff('', ouroConfigSchema.parse({}).safety);
    expect(renderReportMarkdown(report)).toContain('## Risk: LOW');
    expect(renderReportMarkdown(report)).toContain('No findings.');
  });
});
