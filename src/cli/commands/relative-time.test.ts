import { describe, expect, it } from 'vitest';
import { formatRelative, formatSpan } from './relative-time.js';

const minute = 60_000;
const hour = 60 * minute;

describe('relative times', () => {
  it('reads like the runbook: minutes, hours with one decimal, days', () => {
    expect(formatSpan(45_000)).toBe('45 seconds');
    expect(formatSpan(minute)).toBe('1 minute');
    expect(formatSpan(30 * minute)).toBe('30 minutes');
    expect(formatSpan(22 * hour)).toBe('22 hours');
    expect(formatSpan(23.5 * hour)).toBe('23.5 hours');
    expect(formatSpan(72 * hour)).toBe('3 days');
  });

  it('says ago for the past, in for the future, just now around now', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(formatRelative(now - 2 * hour, now)).toBe('2 hours ago');
    expect(formatRelative(now + 5 * minute, now)).toBe('in 5 minutes');
    expect(formatRelative(now - 3000, now)).toBe('just now');
  });
});
