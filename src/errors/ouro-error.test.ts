import { describe, it, expect } from 'vitest';
import { ExitCode } from './exit-codes.js';
import { OuroError, fromSerializedError, isOuroError, toOuroError } from './ouro-error.js';
import { errorRegistry, type ErrorCode } from './registry.js';

describe('OuroError', () => {
  it('fills message and remedy templates from the registry and keeps its metadata', () => {
    const error = new OuroError('OURO_FILE_NOT_FOUND', { path: 'a/b.yaml' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OuroError');
    expect(error.code).toBe('OURO_FILE_NOT_FOUND');
    expect(error.message).toBe('File not found: a/b.yaml');
    expect(error.remedy).toBe(errorRegistry.OURO_FILE_NOT_FOUND.remedy);
    expect(error.exitCode).toBe(errorRegistry.OURO_FILE_NOT_FOUND.exitCode);
    expect(error.httpStatus).toBe(404);
    expect(error.retryable).toBe(false);
  });

  it('leaves unknown placeholders visible rather than inventing a value', () => {
    expect(new OuroError('OURO_LOG_WRITE_FAILED', { path: '/x' }).message).toBe(
      'Cannot write the log file /x: {reason}',
    );
  });

  it('accepts an overriding remedy, details and a cause', () => {
    const cause = new Error('disk full');
    const error = new OuroError(
      'OURO_INTERNAL',
      { message: 'boom' },
      { remedy: 'Free some space.', details: { free: 0 }, cause },
    );
    expect(error.remedy).toBe('Free some space.');
    expect(error.details).toEqual({ free: 0 });
    expect(error.cause).toBe(cause);
  });

  it('serializes to {code, message, remedy, details} and omits absent details', () => {
    const withDetails = new OuroError(
      'OURO_CLI_USAGE',
      { message: 'bad flag' },
      { details: { flag: '--x' } },
    );
    expect(JSON.parse(JSON.stringify(withDetails))).toEqual({
      code: 'OURO_CLI_USAGE',
      message: 'bad flag',
      remedy: errorRegistry.OURO_CLI_USAGE.remedy,
      details: { flag: '--x' },
    });
    expect('details' in new OuroError('OURO_CLI_USAGE', { message: 'x' }).toJSON()).toBe(false);
  });

  it('toOuroError keeps OuroErrors and wraps anything else as OURO_INTERNAL with the cause', () => {
    const original = new OuroError('OURO_CANCELLED', { reason: 'Ctrl+C' });
    expect(toOuroError(original)).toBe(original);
    const plain = new TypeError('x is undefined');
    const wrapped = toOuroError(plain);
    expect(isOuroError(wrapped)).toBe(true);
    expect(wrapped.code).toBe('OURO_INTERNAL');
    expect(wrapped.message).toBe('Internal error: x is undefined');
    expect(wrapped.cause).toBe(plain);
    expect(toOuroError('a string').message).toBe('Internal error: a string');
    expect(isOuroError(plain)).toBe(false);
  });

  it('fromSerializedError rebuilds the error across a boundary, falling back to OURO_INTERNAL', () => {
    const sent = new OuroError(
      'OURO_NOT_IMPLEMENTED',
      { feature: 'teleport' },
      { details: { step: '1.001' } },
    );
    const received = fromSerializedError(JSON.parse(JSON.stringify(sent)) as ReturnType<OuroError['toJSON']>);
    expect(received.code).toBe('OURO_NOT_IMPLEMENTED');
    expect(received.message).toBe('teleport is not implemented yet');
    expect(received.remedy).toBe(sent.remedy);
    expect(received.details).toEqual({ step: '1.001' });
    expect(received.exitCode).toBe(sent.exitCode);
    const unknown = fromSerializedError({
      code: 'OURO_FROM_THE_FUTURE',
      message: 'new thing',
      remedy: 'upgrade',
    });
    expect(unknown.code).toBe('OURO_INTERNAL');
    expect(unknown.message).toBe('new thing');
    expect(unknown.remedy).toBe('upgrade');
  });
});

describe('the error registry', () => {
  const allowedExitCodes: number[] = Object.values(ExitCode);
  const entries = Object.entries(errorRegistry) as [ErrorCode, (typeof errorRegistry)[ErrorCode]][];

  it('has entries', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  for (const [key, definition] of entries) {
    it(`${key} is complete`, () => {
      expect(definition.code).toBe(key);
      expect(key).toMatch(/^OURO_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
      expect(definition.message.trim()).not.toBe('');
      expect(definition.remedy.trim()).not.toBe('');
      expect(typeof definition.retryable).toBe('boolean');
      expect(allowedExitCodes).toContain(definition.exitCode);
      expect(Number.isInteger(definition.httpStatus)).toBe(true);
      expect(definition.httpStatus).toBeGreaterThanOrEqual(400);
      expect(definition.httpStatus).toBeLessThan(600);
    });
  }
});
