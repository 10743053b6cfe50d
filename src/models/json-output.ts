/**
 * Structured output for the AI SDK that asks the provider for JSON matching a schema but leaves the
 * answer as text: the caller validates it and may ask the model for one repair, which the SDK's own
 * `Output.object` would prevent by throwing away the text on a mismatch.
 */
import type { generateText } from 'ai';

type OutputSpecification = NonNullable<Parameters<typeof generateText>[0]['output']>;

export function jsonOutput(schema: Record<string, unknown>): OutputSpecification {
  return {
    name: 'object',
    responseFormat: Promise.resolve({
      type: 'json' as const,
      schema: schema as never,
    }),
    parseCompleteOutput: ({ text }: { text: string }) => Promise.resolve(text),
    parsePartialOutput: () => Promise.resolve(undefined),
    createElementStreamTransform: () => undefined,
  } as OutputSpecification;
}
