/**
 * Renders docs/errors.md from the error registry: one table row per code, sorted by code. Pure, so the
 * drift test (src/errors/error-table.test.ts) and `npm run generate` produce byte-identical text.
 */
import type { ErrorDefinition } from './error-definition.js';

/** Makes a template safe inside a Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderErrorTable(registry: Readonly<Record<string, ErrorDefinition>>): string {
  const definitions = Object.values(registry).sort((left, right) => (left.code < right.code ? -1 : 1));
  const rows = definitions.map(
    (definition) =>
      `| \`${definition.code}\` | ${cell(definition.message)} | ${cell(definition.remedy)} | ${
        definition.retryable ? 'yes' : 'no'
      } | ${definition.exitCode} | ${definition.httpStatus} |`,
  );
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/errors/registry.ts by `npm run generate`. Do not edit by hand. -->',
    '',
    'Every failure Ouro reports on purpose carries one of these codes. The CLI prints',
    '`error <CODE>: <message>` and a `→ <remedy>` line (with `--json`:',
    '`{"error":{"code","message","remedy","details"}}`); the HTTP API answers with the status below.',
    '`{name}` in a message or remedy is filled in when the error is raised. "Retryable" says whether',
    'trying the same thing again later can succeed. Exit codes are explained in [cli.md](cli.md).',
    '',
    `${definitions.length} codes.`,
    '',
    '| Code | Message | Remedy | Retryable | Exit code | HTTP status |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
