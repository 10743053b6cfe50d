/**
 * Server-sent events as the providers send them: an optional `event:` line (Anthropic and the
 * Responses API name every event; Chat Completions does not) and one `data:` line per event.
 */
import type { ServerResponse } from 'node:http';

export interface ServerSentEvent {
  event?: string;
  /** Serialised as JSON, except a string, which is sent as is (Chat Completions' `[DONE]`). */
  data: unknown;
}

export function writeServerSentEvents(
  response: ServerResponse,
  events: ServerSentEvent[],
  headers: Record<string, string>,
): void {
  response.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const event of events) {
    const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
    const eventLine = event.event === undefined ? '' : `event: ${event.event}\n`;
    response.write(`${eventLine}data: ${data}\n\n`);
  }
  response.end();
}

/** Splits text into small deltas so clients see a real stream, not one chunk. */
export function chunkText(text: string, size = 12): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
  return chunks;
}
