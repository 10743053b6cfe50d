/**
 * The real SDK clients the fake server's tests drive, one per wire format it speaks (Chat
 * Completions twice: through @ai-sdk/openai and through @ai-sdk/openai-compatible, the path
 * vLLM/llama.cpp/Ollama users take). Test support for the tests in this folder.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { FakeModelServer } from './server.js';
import type { ModelApiName } from './wire-format.js';

export interface SdkClient {
  name: string;
  api: ModelApiName;
  path: string;
  model(server: FakeModelServer, apiKey?: string): LanguageModel;
}

export const testApiKey = 'test-key-123';

export const sdkClients: SdkClient[] = [
  {
    name: '@ai-sdk/anthropic',
    api: 'anthropic-messages',
    path: '/v1/messages',
    model: (server, apiKey = testApiKey) =>
      createAnthropic({ baseURL: server.anthropicBaseUrl, apiKey })('claude-sonnet-4-5'),
  },
  {
    name: '@ai-sdk/openai chat',
    api: 'openai-chat',
    path: '/v1/chat/completions',
    model: (server, apiKey = testApiKey) =>
      createOpenAI({ baseURL: server.openaiBaseUrl, apiKey }).chat('gpt-5.1'),
  },
  {
    name: '@ai-sdk/openai responses',
    api: 'openai-responses',
    path: '/v1/responses',
    model: (server, apiKey = testApiKey) =>
      createOpenAI({ baseURL: server.openaiBaseUrl, apiKey }).responses('gpt-5.1'),
  },
  {
    name: '@ai-sdk/openai-compatible',
    api: 'openai-chat',
    path: '/v1/chat/completions',
    model: (server, apiKey = testApiKey) =>
      createOpenAICompatible({
        name: 'local',
        baseURL: server.openaiBaseUrl,
        apiKey,
        includeUsage: true,
      }).chatModel('qwen2.5-coder'),
  },
];
