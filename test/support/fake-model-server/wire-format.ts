/**
 * The contract each provider API implements in the fake server: how to recognise a valid request,
 * check its key, and draw a scripted reply (plain JSON or SSE events) or an error in that provider's
 * exact shape. The server stays provider-neutral; one file per wire format holds the differences.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { CompletedReply } from './scripted-reply.js';
import type { ServerSentEvent } from './sse.js';

export type ModelApiName = 'anthropic-messages' | 'openai-chat' | 'openai-responses';

export interface RenderContext {
  model: string;
  /** A fresh identifier after the provider's prefix (separator included), e.g. `msg_`, `chatcmpl-`. */
  nextId(prefix: string): string;
  /** Unix seconds, as the providers' `created` fields. */
  createdAt: number;
  /** The validated request, for options that change the reply (e.g. `stream_options`). */
  requestBody: Record<string, unknown>;
}

export interface WireFormat {
  api: ModelApiName;
  /** Minimal, permissive shape of a request; a body that fails it is answered 400. */
  requestSchema: z.ZodType<{ model: string; stream?: boolean | null | undefined }>;
  /** Header naming the request id in this provider's responses. */
  requestIdHeader: string;
  hasApiKey: (headers: IncomingHttpHeaders, apiKey: string) => boolean;
  /** The provider's error body for a status and message. */
  errorBody: (status: number, message: string) => unknown;
  toolCallId: (nextId: (prefix: string) => string) => string;
  renderJson: (reply: CompletedReply, context: RenderContext) => unknown;
  renderEvents: (reply: CompletedReply, context: RenderContext) => ServerSentEvent[];
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match?.[1];
}
