import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OuroError } from '../errors/index.js';
import { canonicalJson, cassetteSettingsFrom, createCassetteFetch } from './cassette.js';
import { nearestDifference } from './request-diff.js';

let directory: string;
let server: Server;
let base: string;
let hits = 0;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'ouro-cassette-'));
  hits = 0;
  server = createServer((request, response) => {
    hits += 1;
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-hit': String(hits) });
      response.end(`event: echo\ndata: ${body}\n\ndata: [DONE]\n\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(directory, { recursive: true, force: true });
});

const post = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': 'secret-key', authorization: 'Bearer secret' },
  body: JSON.stringify(body),
});

describe('cassette', () => {
  it('reads its settings from the environment', () => {
    expect(cassetteSettingsFrom({}, '/p')).toBeUndefined();
    expect(cassetteSettingsFrom({ OURO_MODEL_CASSETTE: 'c.json' }, '/p')).toEqual({
      file: '/p/c.json',
      mode: 'replay',
    });
    expect(() =>
      cassetteSettingsFrom({ OURO_MODEL_CASSETTE: 'c.json', OURO_MODEL_CASSETTE_MODE: 'live' }),
    ).toThrow(OuroError);
  });

  it('hashes bodies canonically', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });

  it('records SSE verbatim without auth headers, and replays in order with no network', async () => {
    const file = path.join(directory, 'tape.json');
    const recorder = createCassetteFetch({ file, mode: 'record' });
    const first = await (await recorder(`${base}/v1/messages?key=secret-query`, post({ a: 1, b: 2 }))).text();
    const second = await (await recorder(`${base}/v1/messages`, post({ b: 2, a: 1 }))).text();
    expect(first).toBe('event: echo\ndata: {"a":1,"b":2}\n\ndata: [DONE]\n\n');
    const tape = readFileSync(file, 'utf8');
    expect(tape).not.toContain('secret');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    const player = createCassetteFetch({ file, mode: 'replay' });
    const replayedFirst = await player(`${base}/v1/messages`, post({ b: 2, a: 1 }));
    expect(replayedFirst.headers.get('x-hit')).toBe('1');
    expect(await replayedFirst.text()).toBe(first);
    const replayedSecond = await player(`${base}/v1/messages`, post({ a: 1, b: 2 }));
    expect(replayedSecond.headers.get('x-hit')).toBe('2');
    expect(await replayedSecond.text()).toBe(second);
    // A third identical request was never recorded.
    await expect(player(`${base}/v1/messages`, post({ a: 1, b: 2 }))).rejects.toMatchObject({
      code: 'OURO_MODEL_CASSETTE_MISS',
    });
  });

  it('explains a miss with the nearest recorded request', async () => {
    const file = path.join(directory, 'tape.json');
    const recorder = createCassetteFetch({ file, mode: 'record' });
    await recorder(`${base}/v1/messages`, post({ model: 'a', messages: [{ role: 'user', content: 'one' }] }));
    await recorder(
      `${base}/v1/messages`,
      post({ model: 'b', messages: [{ role: 'user', content: 'two' }], x: 1 }),
    );
    const player = createCassetteFetch({ file, mode: 'replay' });
    const error = (await player(
      `${base}/v1/messages`,
      post({ model: 'a', messages: [{ role: 'user', content: 'three' }] }),
    ).catch((caught: unknown) => caught)) as OuroError;
    expect(error.code).toBe('OURO_MODEL_CASSETTE_MISS');
    expect(error.message).toContain('recorded #1: POST /v1/messages');
    expect(error.message).toContain('~ messages[0].content: "one" → "three"');
  });

  it('rejects a missing or malformed cassette', async () => {
    const missing = createCassetteFetch({ file: path.join(directory, 'none.json'), mode: 'replay' });
    await expect(missing(`${base}/v1/x`, post({}))).rejects.toMatchObject({
      code: 'OURO_MODEL_CASSETTE_INVALID',
    });
    const broken = path.join(directory, 'broken.json');
    writeFileSync(broken, '{"version": 2}');
    await expect(
      createCassetteFetch({ file: broken, mode: 'replay' })(`${base}/v1/x`, post({})),
    ).rejects.toMatchObject({
      code: 'OURO_MODEL_CASSETTE_INVALID',
    });
  });
});

describe('nearestDifference', () => {
  it('prefers the same route and lists added and removed fields', () => {
    const text = nearestDifference({ method: 'POST', path: '/v1/messages', body: { a: 1, c: 3 } }, [
      { method: 'POST', path: '/v1/chat/completions', body: { a: 1, c: 3 } },
      { method: 'POST', path: '/v1/messages', body: { a: 1, b: 2 } },
    ]);
    expect(text).toContain('recorded #2');
    expect(text).toContain('- b: 2');
    expect(text).toContain('+ c: 3');
    expect(nearestDifference({ method: 'GET', path: '/', body: '' }, [])).toContain('holds no requests');
  });
});
