import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseSince } from './parse-since.js';

describe('parseSince', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  it('reads durations back from now', () => {
    expect(parseSince('24h', now)).toBe(Date.parse('2026-11-21T12:00:00Z'));
    expect(parseSince('30m', now)).toBe(Date.parse('2026-11-22T11:30:00Z'));
    expect(parseSince('7d', now)).toBe(Date.parse('2026-11-15T12:00:00Z'));
    expect(parseSince('90s', now)).toBe(now - 90_000);
    expect(parseSince('1w', now)).toBe(Date.parse('2026-11-15T12:00:00Z'));
  });

  it('reads ISO dates and times', () => {
    expect(parseSince('2026-11-21T08:00:00Z', now)).toBe(Date.parse('2026-11-21T08:00:00Z'));
    expect(parseSince('2026-11-21', now)).toBe(Date.parse('2026-11-21'));
  });

  it('refuses anything else as a usage error', () => {
    for (const value of ['yesterday', '24', 'h', '-1h', '2026-13-45', '']) {
      expect(() => parseSince(value, now), value).toThrow(InvalidArgumentError);
    }
  });
});
