/**
 * `GET /v1/models`, which some clients probe before their first call. Anthropic and OpenAI share the
 * path but not the shape, so the caller's headers pick it: an `anthropic-version` or `x-api-key`
 * header means an Anthropic client.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const listedModels = [
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'gpt-5.1',
  'gpt-5.1-codex',
  'fake-model',
];

export function isAnthropicClient(headers: IncomingHttpHeaders): boolean {
  return headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined;
}

export function modelList(headers: IncomingHttpHeaders, createdAt: number): unknown {
  if (isAnthropicClient(headers)) {
    const createdAtIso = new Date(createdAt * 1000).toISOString();
    return {
      data: listedModels.map((id) => ({ type: 'model', id, display_name: id, created_at: createdAtIso })),
      has_more: false,
      first_id: listedModels[0],
      last_id: listedModels[listedModels.length - 1],
    };
  }
  return {
    object: 'list',
    data: listedModels.map((id) => ({
      id,
      object: 'model',
      created: createdAt,
      owned_by: 'fake-model-server',
    })),
  };
}
