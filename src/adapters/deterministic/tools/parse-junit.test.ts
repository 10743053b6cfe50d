import { describe, expect, it } from 'vitest';
import { OuroError } from '../../../errors/index.js';
import { readFixture } from './fixture.js';
import { parseJunitXml } from './parse-junit.js';
import { testReportSchema } from './test-report.js';

describe('parseJunitXml', () => {
  it('reads pytest JUnit XML: failures, errors and skips, with file and line from the traceback', () => {
    const report = parseJunitXml(readFixture('pytest-junit.xml'), '/home/dev/pyproj', 'pytest');
    expect(report).toEqual({
      tool: 'pytest',
      total: 4,
      passed: 1,
      failed: 2,
      skipped: 1,
      durationMs: 43,
      failures: [
        {
          name: 'tests.test_calc > test_add_wrong',
          file: 'tests/test_calc.py',
          line: 13,
          message: 'assert 4 == 5\n +  where 4 = add(2, 2)',
        },
        {
          name: 'tests.test_calc > test_error',
          file: 'tests/test_calc.py',
          line: 23,
          message: 'failed on setup with "RuntimeError: fixture exploded"',
        },
      ],
    });
    expect(testReportSchema.safeParse(report).success).toBe(true);
  });

  it('reads vitest JUnit XML', () => {
    const report = parseJunitXml(readFixture('vitest-junit.xml'), '/home/dev/demo-ts', 'vitest');
    expect(report).toMatchObject({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(report.failures).toEqual([
      {
        name: 'src/math.test.ts > math > averages numbers',
        file: 'src/math.test.ts',
        line: 11,
        message: 'expected 3 to be 4 // Object.is equality',
      },
    ]);
  });

  it('accepts a bare <testsuite> root, nested suites and file/line attributes', () => {
    const xml = `<?xml version="1.0"?>
<testsuite name="outer" tests="3">
  <testsuite name="inner">
    <testcase name="a" classname="x" file="spec/a_spec.rb" line="7"><failure>boom</failure></testcase>
  </testsuite>
  <testcase name="b"/>
  <testcase name="c"><skipped/></testcase>
</testsuite>`;
    expect(parseJunitXml(xml, '/p', 'junit')).toEqual({
      tool: 'junit',
      total: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      failures: [{ name: 'x > a', file: 'spec/a_spec.rb', line: 7, message: 'boom' }],
    });
  });

  it('rejects malformed XML and documents without suites', () => {
    expect(() => parseJunitXml('<testsuites><testsuite>', '/p', 'junit')).toThrow(OuroError);
    expect(() => parseJunitXml('<html></html>', '/p', 'junit')).toThrow(/no <testsuites>/);
  });
});
