/**
 * Cassettes: a `fetch` wrapper that records model API traffic to a JSON file and replays it with no
 * network (OURO_MODEL_CASSETTE=<file>, OURO_MODEL_CASSETTE_MODE=record|replay). A request is keyed by
 * method, URL path and the hash of its canonical JSON body (keys sorted), so formatting and key order
 * do not matter; identical requests replay their recordings in order. Response bodies are kept as
 * text, SSE streams verbatim. Request headers are never written (they carry the API key), nor is the
 * query string (Google puts keys there).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../config/atomic-write.js';
import { OuroError } from '../errors/index.js';
import { nearestDifference } from './request-diff.js';

export type CassetteMode = 'record' | 'replay';

export interface CassetteSettings {
  file: string;
  mode: CassetteMode;
}

const interactionSchema = z.object({
  request: z.object({
    method: z.string(),
    path: z.string(),
    bodyHash: z.string(),
    body: z.unknown(),
  }),
  response: z.object({
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
  }),
});

const cassetteSchema = z.object({
  version: z.literal(1),
  interactions: z.array(interactionSchema),
});

export type CassetteInteraction = z.infer<typeof interactionSchema>;
export type CassetteFile = z.infer<typeof cassetteSchema>;

/** Response headers that describe the transport, not the answer; the body is stored decoded. */
const droppedResponseHeaders = new Set([
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'set-cookie',
]);

/** The cassette the environment asks for, or undefined when none is set. */
export function cassetteSettingsFrom(
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): CassetteSettings | undefined {
  const file = env.OURO_MODEL_CASSETTE?.trim();
  if (file === undefined || file === '') return undefined;
  const mode = (env.OURO_MODEL_CASSETTE_MODE ?? 'replay').trim();
  if (mode !== 'record' && mode !== 'replay') {
    throw new OuroError('OURO_MODEL_CASSETTE_INVALID', {
      file,
      reason: `OURO_MODEL_CASSETTE_MODE is "${mode}", expected record or replay`,
    });
  }
  return { file: path.resolve(cwd, file), mode };
}

/** JSON with object keys sorted at every level, so equal bodies hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function requestKey(method: string, urlPath: string, body: unknown): { key: string; bodyHash: string } {
  const bodyHash = createHash('sha256')
    .update(typeof body === 'string' ? body : canonicalJson(body))
    .digest('hex');
  return { key: `${method} ${urlPath} ${bodyHash}`, bodyHash };
}

async function describeRequest(input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1]) {
  const request = new Request(input, init);
  const text = request.body === null ? '' : await request.clone().text();
  const body = parseBody(text);
  const urlPath = new URL(request.url).pathname;
  return {
    request,
    method: request.method,
    path: urlPath,
    body,
    ...requestKey(request.method, urlPath, body),
  };
}

async function readCassette(file: string): Promise<CassetteFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new OuroError(
      'OURO_MODEL_CASSETTE_INVALID',
      { file, reason: (error as Error).message },
      { cause: error },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new OuroError('OURO_MODEL_CASSETTE_INVALID', {
      file,
      reason: `not JSON: ${(error as Error).message}`,
    });
  }
  const parsed = cassetteSchema.safeParse(data);
  if (!parsed.success) {
    throw new OuroError('OURO_MODEL_CASSETTE_INVALID', { file, reason: z.prettifyError(parsed.error) });
  }
  return parsed.data;
}

function replayResponse(interaction: CassetteInteraction): Response {
  // Null-body statuses cannot carry a body in the Fetch API.
  const body = [204, 205, 304].includes(interaction.response.status) ? null : interaction.response.body;
  return new Response(body, { status: interaction.response.status, headers: interaction.response.headers });
}

function replayingFetch(settings: CassetteSettings): typeof fetch {
  let loaded: Promise<CassetteFile> | undefined;
  const used = new Map<string, number>();
  return async (input, init) => {
    loaded ??= readCassette(settings.file);
    const cassette = await loaded;
    const sent = await describeRequest(input, init);
    const matches = cassette.interactions.filter(
      (interaction) =>
        `${interaction.request.method} ${interaction.request.path} ${interaction.request.bodyHash}` ===
        sent.key,
    );
    const occurrence = used.get(sent.key) ?? 0;
    const interaction = matches[occurrence];
    if (interaction === undefined) {
      throw new OuroError('OURO_MODEL_CASSETTE_MISS', {
        file: settings.file,
        method: sent.method,
        path: sent.path,
        diff: nearestDifference(
          sent,
          cassette.interactions.map((recorded) => recorded.request),
        ),
      });
    }
    used.set(sent.key, occurrence + 1);
    return replayResponse(interaction);
  };
}

function recordingFetch(settings: CassetteSettings, network: typeof fetch): typeof fetch {
  const cassette: CassetteFile = { version: 1, interactions: [] };
  let writes: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    // Writes are chained so concurrent calls never interleave two versions of the file.
    writes = writes.then(async () => {
      await mkdir(path.dirname(settings.file), { recursive: true });
      await writeFileAtomically(settings.file, `${JSON.stringify(cassette, null, 2)}\n`);
    });
    return writes;
  };
  return async (input, init) => {
    const sent = await describeRequest(input, init);
    const response = await network(sent.request);
    // Read to the end so an SSE stream is kept verbatim; the caller gets the same bytes back.
    const body = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!droppedResponseHeaders.has(name.toLowerCase())) headers[name] = value;
    });
    const interaction: CassetteInteraction = {
      request: { method: sent.method, path: sent.path, bodyHash: sent.bodyHash, body: sent.body },
      response: { status: response.status, headers, body },
    };
    cassette.interactions.push(interaction);
    await save();
    return replayResponse(interaction);
  };
}

/** Wraps `network` per the cassette settings: record passes through and writes, replay never touches it. */
export function createCassetteFetch(settings: CassetteSettings, network: typeof fetch = fetch): typeof fetch {
  return settings.mode === 'replay' ? replayingFetch(settings) : recordingFetch(settings, network);
}
