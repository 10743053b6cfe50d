import { describe, expect, it } from 'vitest';
import { trimJobLog } from './job-log-trimming.js';

describe('trimJobLog', () => {
  it('keeps the section of the step with the first error, without timestamps', () => {
    const raw = [
      '2026-01-01T00:00:00.1Z Requested labels: ubuntu-latest',
      '2026-01-01T00:00:01.1Z ##[group]Run npm ci',
      '2026-01-01T00:00:02.1Z added 200 packages',
      '2026-01-01T00:00:03.1Z ##[group]Run npm run lint',
      '2026-01-01T00:00:04.1Z src/a.ts: 3:1 error no-unused-vars',
      '2026-01-01T00:00:05.1Z ##[error]Process completed with exit code 1.',
    ].join('\r\n');
    expect(trimJobLog(raw, { maxBytes: 10_000 })).toEqual({
      step: 'npm run lint',
      log: '##[group]Run npm run lint\nsrc/a.ts: 3:1 error no-unused-vars\n##[error]Process completed with exit code 1.',
    });
  });

  it('falls back to the last step without an error marker, and prefers the job step name', () => {
    const raw = '##[group]Run a\none\n##[group]Run b\ntwo';
    expect(trimJobLog(raw, { maxBytes: 100, failedStep: 'Build' })).toEqual({
      step: 'Build',
      log: '##[group]Run b\ntwo',
    });
  });

  it('keeps the end of an over-long step, cut at a line boundary, and says so', () => {
    const lines = Array.from({ length: 1000 }, (_, index) => `line ${index}`);
    const raw = ['##[group]Run test', ...lines, '##[error]boom'].join('\n');
    const { log } = trimJobLog(raw, { maxBytes: 200 });
    expect(Buffer.byteLength(log)).toBeLessThan(260);
    expect(log).toMatch(/^\[… \d+ bytes trimmed …\]\nline \d+\n/);
    expect(log.endsWith('line 999\n##[error]boom')).toBe(true);
  });
});
