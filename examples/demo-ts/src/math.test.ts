// One passing and one failing test: the failure is deliberate (the expected average is wrong).
import { describe, expect, it } from 'vitest';
import { average, sum } from './math.js';

describe('math', () => {
  it('sums numbers', () => {
    expect(sum([1, 2, 3])).toBe(6);
  });

  it('averages numbers', () => {
    expect(average([2, 4])).toBe(4);
  });
});
