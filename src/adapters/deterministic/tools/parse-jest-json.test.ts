import { describe, expect, it } from 'vitest';
import { OuroError } from '../../../errors/index.js';
import { readFixture } from './fixture.js';
import { parseJestJson } from './parse-jest-json.js';

describe('parseJestJson', () => {
  it('reads the vitest JSON report of the demo project', () => {
    const report = parseJestJson(readFixture('vitest-demo.json'), '/home/dev/demo-ts', 'vitest');
    expect(report).toMatchObject({ tool: 'vitest', total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(report.failures).toEqual([
      {
        name: 'math averages numbers',
        file: 'src/math.test.ts',
        line: 11,
        message: 'AssertionError: expected 3 to be 4 // Object.is equality',
      },
    ]);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reads a jest report: pending and todo are skipped, a file that failed to run is a failure', () => {
    const report = parseJestJson(readFixture('jest.json'), '/home/dev/shop', 'jest');
    expect(report).toEqual({
      tool: 'jest',
      total: 5,
      passed: 1,
      failed: 2,
      skipped: 2,
      durationMs: 1200,
      failures: [
        {
          name: 'cart computes the total',
          file: 'src/cart.test.js',
          line: 14,
          message:
            'Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 20\nReceived: 18',
        },
        {
          name: 'src/broken.test.js',
          file: 'src/broken.test.js',
          line: null,
          message:
            "● Test suite failed to run\n\n    Cannot find module './missing' from 'src/broken.test.js'",
        },
      ],
    });
  });

  it('rejects something that is not a jest-shaped report', () => {
    expect(() => parseJestJson('{"numTotalTests": 3}', '/p', 'vitest')).toThrow(OuroError);
  });
});
