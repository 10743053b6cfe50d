import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  createRedactor,
  isSecretKey,
  redactionMarker,
  secretsFromEnvironment,
  secretsFromValue,
} from './redact.js';

const redactor = createRedactor();

describe('redactString: token shapes', () => {
  const cases: [string, string][] = [
    ['GitHub classic', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['GitHub OAuth', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['Anthropic', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc'],
    ['OpenAI', 'sk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
    ['OpenAI project', 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
    ['AWS', 'AKIAIOSFODNN7EXAMPLE'],
    ['Slack', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    [
      'JWT',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['Ouro API key', 'ouro_Zx81kLmN02pQrS9tUvWxYz3a'],
  ];
  for (const [name, token] of cases) {
    it(`redacts ${name} tokens anywhere in text`, () => {
      const text = `failed: request with ${token} was refused (${token})`;
      const result = redactor.redactString(text);
      expect(result).not.toContain(token);
      expect(result).toContain(redactionMarker);
      expect(result.startsWith('failed: request with ')).toBe(true);
    });
  }

  it('redacts PEM private key blocks, also when cut off', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabcdef\n-----END RSA PRIVATE KEY-----';
    expect(redactor.redactString(`key:\n${pem}\nafter`)).toBe(`key:\n${redactionMarker}\nafter`);
    const cut = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ';
    expect(redactor.redactString(cut)).toBe(redactionMarker);
  });

  it('redacts Authorization header values but keeps the scheme', () => {
    expect(redactor.redactString('Authorization: Bearer abc.def-ghi')).toBe(
      `Authorization: Bearer ${redactionMarker}`,
    );
    expect(redactor.redactString('authorization: Basic dXNlcjpwYXNz')).toBe(
      `authorization: Basic ${redactionMarker}`,
    );
    expect(redactor.redactString('Authorization: token 0123456789abcdef')).toBe(
      `Authorization: token ${redactionMarker}`,
    );
    expect(redactor.redactString("curl -H 'Bearer abcdefgh12345678'")).toBe(
      `curl -H 'Bearer ${redactionMarker}'`,
    );
  });

  it('redacts URL passwords and keeps the user and host', () => {
    expect(redactor.redactString('connect postgres://ouro:s3cr3t-pw@db.internal:5432/ouro failed')).toBe(
      `connect postgres://ouro:${redactionMarker}@db.internal:5432/ouro failed`,
    );
    expect(redactor.redactString('https://x-access-token:abc123xyz@github.com/o/r.git')).toBe(
      `https://x-access-token:${redactionMarker}@github.com/o/r.git`,
    );
  });

  it('redacts key=value pairs naming a secret, not counters', () => {
    expect(redactor.redactString('GITHUB_TOKEN=abcdef123 OTHER=1')).toBe(
      `GITHUB_TOKEN=${redactionMarker} OTHER=1`,
    );
    expect(redactor.redactString('{"password":"hunter22"}')).toBe(`{"password":"${redactionMarker}"}`);
    expect(redactor.redactString('tokens_used: 1200 max_tokens=50000')).toBe(
      'tokens_used: 1200 max_tokens=50000',
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'ouro_runs_total{status="succeeded"} 3; Basic setup done; step 1.001 skipped';
    expect(redactor.redactString(text)).toBe(text);
  });
});

describe('redactString: literal secrets', () => {
  it('replaces every occurrence of a known value, and ignores values too short to be secrets', () => {
    const literal = createRedactor({ secrets: ['correct-horse-battery', 'abc'] });
    expect(literal.redactString('x correct-horse-battery y correct-horse-battery abc')).toBe(
      `x ${redactionMarker} y ${redactionMarker} abc`,
    );
  });

  it('replaces the longest secret first so no tail is left behind', () => {
    const literal = createRedactor({ secrets: ['secret1', 'secret1-and-more'] });
    expect(literal.redactString('=secret1-and-more=')).toBe(`=${redactionMarker}=`);
  });

  it('always removes an embedded known secret (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ minLength: 6, maxLength: 40 }).filter((secret) => !redactionMarker.includes(secret)),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (prefix, secret, suffix) => {
          const result = createRedactor({ secrets: [secret] }).redactString(`${prefix}${secret}${suffix}`);
          expect(result).not.toContain(secret);
          expect(result).toContain(redactionMarker);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('always removes generated token shapes embedded in random text (fuzz)', () => {
    const alphanumeric = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      minLength: 36,
      maxLength: 40,
    });
    const token = fc.oneof(
      alphanumeric.map((body) => `ghp_${body}`),
      alphanumeric.map((body) => `sk-ant-api03-${body}`),
      alphanumeric.map((body) => `sk-proj-${body}`),
      alphanumeric.map((body) => `ouro_${body}`),
    );
    const separator = fc.constantFrom(' ', '\n', '"', "'", '(', ')', ',', ':', '=', '[', '>');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        separator,
        token,
        separator,
        fc.string({ maxLength: 30 }),
        (prefix, left, value, right, suffix) => {
          const result = redactor.redactString(`${prefix}${left}${value}${right}${suffix}`);
          expect(result).not.toContain(value);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('redactValue', () => {
  it('redacts values under secret-like keys, keeps the shape and numeric counters', () => {
    const value = {
      headers: { Authorization: 'Bearer x', 'x-api-key': 'k-1234567', cookie: 'session=abc', accept: 'json' },
      apiKey: 'plain-value-without-shape',
      api_key: 'another-plain-value',
      nested: [{ password: 'pw-123456', name: 'db' }],
      usage: { inputTokens: 10, outputTokens: 20, max_tokens: 30 },
      credentials: { user: 'bob', pass: 'x' },
    };
    expect(redactor.redactValue(value)).toEqual({
      headers: {
        Authorization: redactionMarker,
        'x-api-key': redactionMarker,
        cookie: redactionMarker,
        accept: 'json',
      },
      apiKey: redactionMarker,
      api_key: redactionMarker,
      nested: [{ password: redactionMarker, name: 'db' }],
      usage: { inputTokens: 10, outputTokens: 20, max_tokens: 30 },
      credentials: { user: redactionMarker, pass: redactionMarker },
    });
  });

  it('is cycle-safe and does not modify its input', () => {
    const value: Record<string, unknown> = { token: 'abcdefgh', list: [] as unknown[] };
    value.self = value;
    (value.list as unknown[]).push(value);
    const result = redactor.redactValue(value) as Record<string, unknown>;
    expect(result.self).toBe('[Circular]');
    expect(result.list).toEqual(['[Circular]']);
    expect(result.token).toBe(redactionMarker);
    expect(value.token).toBe('abcdefgh');
  });

  it('turns Errors into plain objects with redacted message, stack, properties and cause', () => {
    const secret = 'top-secret-value-42';
    const literal = createRedactor({ secrets: [secret] });
    const cause = new Error(`cause mentions ${secret}`);
    const error = Object.assign(new Error(`outer ${secret}`, { cause }), { code: 'E_X', detail: secret });
    const result = literal.redactValue({ err: error }) as { err: Record<string, unknown> };
    const text = JSON.stringify(result);
    expect(text).not.toContain(secret);
    expect(result.err.type).toBe('Error');
    expect(result.err.code).toBe('E_X');
    expect(result.err.message).toBe(`outer ${redactionMarker}`);
    expect(String(result.err.stack)).toContain(`outer ${redactionMarker}`);
    expect((result.err.cause as Record<string, unknown>).message).toBe(`cause mentions ${redactionMarker}`);
  });
});

describe('secret sources', () => {
  it('collects values of secret-looking environment variables only', () => {
    const secrets = secretsFromEnvironment({
      GITHUB_TOKEN: 'gh-token-value',
      OPENAI_API_KEY: 'openai-value-1',
      DB_PASSWORD: 'pw-value-123',
      MY_CREDENTIALS: 'credential-value',
      PATH: '/usr/bin:/bin',
      SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
      SHORT_TOKEN: 'abc',
      FEATURE_KEY: 'true',
      HOME: '/home/user',
      UNSET_SECRET: undefined,
    });
    expect(secrets.sort()).toEqual(['credential-value', 'gh-token-value', 'openai-value-1', 'pw-value-123']);
  });

  it('collects config values under secret-like keys', () => {
    const config = {
      forge: { github: { token: 'config-token-1', owner: 'me' } },
      models: { anthropic: { api_key: 'config-key-22' }, default: 'anthropic:claude' },
      database: { url: 'postgres://x' },
    };
    expect(secretsFromValue(config).sort()).toEqual(['config-key-22', 'config-token-1']);
  });

  it('recognises secret key names', () => {
    for (const key of [
      'authorization',
      'Authorization',
      'api_key',
      'apiKey',
      'x-api-key',
      'token',
      'GITHUB_TOKEN',
      'password',
      'client_secret',
      'cookie',
      'set-cookie',
      'private_key',
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['tokens', 'max_tokens', 'inputTokens', 'tokens_used', 'author', 'keyboard', 'name']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});
