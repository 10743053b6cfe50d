/**
 * The fake model server: a real HTTP server on 127.0.0.1 (ephemeral port) that answers Anthropic
 * Messages, OpenAI Chat Completions and OpenAI Responses requests from a scripted queue, in each
 * provider's real wire format, so the real SDKs and agent CLIs run against it unchanged. Every
 * model request is recorded. Anything unexpected — a request with no scripted reply left, an unknown
 * path, a malformed body — is answered with a clear error AND remembered, so `assertDone()` fails the
 * test even when the client swallowed the error.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicCountTokensRequestSchema, anthropicMessages } from './anthropic-messages.js';
import { isAnthropicClient, modelList } from './model-list.js';
import { openaiChat } from './openai-chat.js';
import { openaiErrorBody } from './openai-error.js';
import { openaiResponses } from './openai-responses.js';
import type { CompletedReply, ErrorReply, ScriptedReply, ScriptedUsage } from './scripted-reply.js';
import { writeServerSentEvents } from './sse.js';
import { estimateTokens, resolveUsage } from './usage.js';
import type { ModelApiName, RenderContext, WireFormat } from './wire-format.js';

export interface RecordedRequest {
  api: ModelApiName;
  /** As received, query string included (Claude Code adds `?beta=true`). */
  path: string;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary provider fields
  body: any;
  receivedAt: number;
}

export interface FakeModelServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** `<url>/v1`: what `createAnthropic({ baseURL })` and the SDK's ANTHROPIC_BASE_URL want. Claude Code's ANTHROPIC_BASE_URL wants `url` (it appends `/v1/messages` itself). */
  anthropicBaseUrl: string;
  /** `<url>/v1`: for `createOpenAI({ baseURL })`, OPENAI_BASE_URL and Codex's `base_url`. */
  openaiBaseUrl: string;
  /** Appends replies to the queue; each model request consumes one, in order. */
  script(replies: ScriptedReply[]): void;
  requests: RecordedRequest[];
  /** Fails when the queue still has replies or an unexpected request came. */
  assertDone(): void;
  close(): Promise<void>;
}

export interface FakeModelServerOptions {
  /** Usage for replies that script none, over the size-based estimate. */
  defaultUsage?: Partial<ScriptedUsage>;
  /** When set, requests must carry this key (`x-api-key` or bearer for Anthropic, bearer for OpenAI). */
  requireApiKey?: string;
}

const routes: Record<string, WireFormat> = {
  '/v1/messages': anthropicMessages,
  '/v1/chat/completions': openaiChat,
  '/v1/responses': openaiResponses,
};
const countTokensPath = '/v1/messages/count_tokens';

export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const pendingDelays = new Set<() => void>();
  let identifierCounter = 0;
  const nextId = (prefix: string): string => `${prefix}fake${String(++identifierCounter).padStart(4, '0')}`;

  const sleep = (milliseconds: number): Promise<void> =>
    new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, milliseconds);
      pendingDelays.add(finish);
    });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const rawBody = await readBody(request);

    // Clients probe their base URL before the first call (Claude Code sends HEAD /): answer like a
    // reachable API host, without consuming a scripted reply.
    if ((method === 'HEAD' || method === 'GET') && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(method === 'HEAD' ? undefined : 'ok');
      return;
    }

    if (method === 'GET' && url.pathname === '/v1/models') {
      if (options.requireApiKey !== undefined && !hasModelListKey(request.headers, options.requireApiKey)) {
        const errorBody = isAnthropicClient(request.headers) ? anthropicMessages.errorBody : openaiErrorBody;
        writeJson(response, 401, errorBody(401, invalidKeyMessage), {});
        return;
      }
      writeJson(response, 200, modelList(request.headers, unixSeconds()), {});
      return;
    }

    const isCountTokens = url.pathname === countTokensPath;
    const wire = isCountTokens ? anthropicMessages : routes[url.pathname];
    if (wire === undefined || method !== 'POST') {
      const problem = `unexpected request ${method} ${request.url ?? ''} (the fake model server serves POST /v1/messages, /v1/messages/count_tokens, /v1/chat/completions, /v1/responses and GET /v1/models)`;
      problems.push(problem);
      const errorBody = isAnthropicClient(request.headers) ? anthropicMessages.errorBody : openaiErrorBody;
      writeJson(response, 404, errorBody(404, problem), {});
      return;
    }

    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
    requests.push({
      api: wire.api,
      path: request.url ?? url.pathname,
      headers: flattenHeaders(request.headers),
      body,
      receivedAt: Date.now(),
    });
    const requestIdHeaders = { [wire.requestIdHeader]: nextId('req_') };

    if (options.requireApiKey !== undefined && !wire.hasApiKey(request.headers, options.requireApiKey)) {
      writeJson(response, 401, wire.errorBody(401, invalidKeyMessage), requestIdHeaders);
      return;
    }

    const parsed = (isCountTokens ? anthropicCountTokensRequestSchema : wire.requestSchema).safeParse(body);
    if (!parsed.success) {
      const problem = `malformed ${wire.api} request to ${url.pathname}: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ')}`;
      problems.push(problem);
      writeJson(response, 400, wire.errorBody(400, problem), requestIdHeaders);
      return;
    }
    const requestBody = parsed.data as Record<string, unknown> & { model: string; stream?: boolean | null };

    if (isCountTokens) {
      writeJson(response, 200, { input_tokens: estimateTokens(requestBody) }, requestIdHeaders);
      return;
    }

    let reply = queue.shift();
    if (reply === undefined) {
      const problem = `no scripted reply left for ${wire.api} request #${requests.length} (POST ${url.pathname}, model ${requestBody.model})`;
      problems.push(problem);
      writeJson(response, 500, wire.errorBody(500, `fake model server: ${problem}`), requestIdHeaders);
      return;
    }
    while ('delayMs' in reply) {
      await sleep(reply.delayMs);
      reply = reply.then;
    }
    if (closed || response.destroyed) return;

    if ('error' in reply) {
      writeError(response, wire, { ...reply.error, headers: reply.error.headers ?? {} }, requestIdHeaders);
      return;
    }

    const completed: CompletedReply = {
      text: reply.text ?? '',
      toolCalls: ('toolCalls' in reply ? reply.toolCalls : []).map((call) => ({
        name: call.name,
        input: call.input,
        id: call.id ?? wire.toolCallId(nextId),
      })),
      usage: resolveUsage({
        requestBody,
        replyText: reply.text ?? '',
        replyToolInputs: 'toolCalls' in reply ? reply.toolCalls.map((call) => call.input) : [],
        defaults: options.defaultUsage,
        scripted: reply.usage,
      }),
    };
    const context: RenderContext = {
      model: requestBody.model,
      nextId,
      createdAt: unixSeconds(),
      requestBody,
    };
    if (requestBody.stream === true) {
      writeServerSentEvents(response, wire.renderEvents(completed, context), requestIdHeaders);
    } else {
      writeJson(response, 200, wire.renderJson(completed, context), requestIdHeaders);
    }
  }

  const server = createServer((request, response) => {
    // A client that hangs up mid-reply must not crash the test process.
    response.on('error', () => undefined);
    handle(request, response).catch((error: unknown) => {
      problems.push(
        `fake model server failed on ${request.method ?? ''} ${request.url ?? ''}: ${String(error)}`,
      );
      if (!response.headersSent && !response.destroyed)
        writeJson(response, 500, openaiErrorBody(500, String(error)), {});
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closed = false;
  let closing: Promise<void> | undefined;

  return {
    url,
    anthropicBaseUrl: `${url}/v1`,
    openaiBaseUrl: `${url}/v1`,
    requests,
    script(replies) {
      for (const reply of replies) assertScriptedReply(reply);
      queue.push(...replies);
    },
    assertDone() {
      const failures = [...problems];
      if (queue.length > 0) {
        failures.push(
          `${queue.length} scripted repl${queue.length === 1 ? 'y was' : 'ies were'} never requested`,
        );
      }
      if (failures.length > 0) {
        throw new Error(`fake model server: ${failures.length} problem(s):\n- ${failures.join('\n- ')}`);
      }
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        closed = true;
        for (const finish of [...pendingDelays]) finish();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

const invalidKeyMessage =
  'invalid x-api-key / Authorization bearer (the fake model server requires the configured test key)';

function hasModelListKey(headers: IncomingHttpHeaders, apiKey: string): boolean {
  return anthropicMessages.hasApiKey(headers, apiKey) || openaiChat.hasApiKey(headers, apiKey);
}

function writeError(
  response: ServerResponse,
  wire: WireFormat,
  error: ErrorReply,
  requestIdHeaders: Record<string, string>,
): void {
  const headers = { ...requestIdHeaders, ...error.headers };
  if (typeof error.body === 'string') {
    response.writeHead(error.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    response.end(error.body);
    return;
  }
  const body =
    error.body ?? wire.errorBody(error.status, `scripted ${error.status} from the fake model server`);
  writeJson(response, error.status, body, headers);
}

function writeJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Catches script typos (`{ txt: … }`) at the call site instead of as a confusing reply later. */
function assertScriptedReply(reply: ScriptedReply): void {
  const candidate = reply as unknown as Record<string, unknown>;
  if ('delayMs' in candidate) {
    if (typeof candidate.delayMs !== 'number' || candidate.then === undefined) {
      throw new Error('fake model server: a delayed reply needs { delayMs: number, then: ScriptedReply }');
    }
    assertScriptedReply(candidate.then as ScriptedReply);
    return;
  }
  if ('error' in candidate) {
    const status = (candidate.error as { status?: unknown } | undefined)?.status;
    if (typeof status !== 'number' || status < 400 || status > 599) {
      throw new Error('fake model server: an error reply needs { error: { status: 400–599 } }');
    }
    return;
  }
  if ('toolCalls' in candidate) {
    if (!Array.isArray(candidate.toolCalls)) throw new Error('fake model server: toolCalls must be an array');
    return;
  }
  if (typeof candidate.text !== 'string') {
    throw new Error(`fake model server: not a scripted reply: ${JSON.stringify(reply)}`);
  }
}
