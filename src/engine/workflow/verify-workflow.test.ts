import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyAdapter } from '../../adapters/types.js';
import { isOuroError } from '../../errors/index.js';
import { formatDiagnostic } from './workflow-diagnostic.js';
import { verifyWorkflowText, type AdapterLookup } from './verify-workflow.js';

function adapter(id: string, params: z.ZodType): AnyAdapter {
  return {
    id,
    kind: 'deterministic',
    effects: [],
    version: '1',
    description: id,
    params,
    execute: () => Promise.resolve({ status: 'succeeded', outputs: {} }),
  };
}

const adapters: AdapterLookup = (() => {
  const list = [
    adapter('eslint', z.object({ files: z.string().default('.'), fix: z.boolean().default(false) }).strict()),
    adapter('noop', z.object({}).strict()),
    adapter('sleep', z.object({ seconds: z.number() }).strict()),
  ];
  return { get: (id) => list.find((item) => item.id === id), ids: () => list.map((item) => item.id) };
})();

const options = { adapters, envAllowlist: ['CI'] };

function verify(text: string) {
  return verifyWorkflowText(text, 'wf.yaml', options);
}

describe('verifyWorkflowText', () => {
  it('accepts the runbook format', () => {
    const result = verify(`name: Optimized triage
version: "1"
inputs: { files: "src/**/*.ts" }
policy: { max_tokens: 50000, prefer_deterministic: true, enable_caching: true, parallel_execution: true, max_parallel: 4 }
steps:
  - id: "1.001"
    name: Lint
    actor: eslint
    with: { files: "\${{ inputs.files }}" }
    emits: [artifacts/lint.json]
  - id: "1.002"
    actor: noop
    depends_on: []
  - id: "2.001"
    actor: sleep
    with: { seconds: 1 }
    depends_on: ["1.001", "1.002"]
    when: "has_errors('artifacts/lint.json', kinds=['logic']) || !exists('artifacts/types.json')"
    retry: { max: 2, backoff: exponential }
    on_fail: pause_for_review
  - id: "2.002"
    actor: noop
    when: "artifacts/lint.json exists"
`);
    expect(result.diagnostics).toEqual([]);
    expect(result.workflow?.steps).toHaveLength(4);
  });

  it('reports unknown keys with a suggestion and their line and column', () => {
    const result = verify(`name: x
steps:
  - id: "1.001"
    actor: noop
    depend_on: []
`);
    expect(result.diagnostics).toHaveLength(1);
    expect(formatDiagnostic(result.diagnostics[0]!)).toBe(
      'wf.yaml:5:5 OURO_WORKFLOW_UNKNOWN_KEY unknown key "depend_on" (did you mean "depends_on"?)',
    );
  });

  it('reports unknown actors with a suggestion, and invalid params of known actors', () => {
    const result = verify(`name: x
steps:
  - id: "1.001"
    actor: eslnt
  - id: "1.002"
    actor: sleep
    with: { seconds: "long", extra: 1 }
`);
    const lines = result.diagnostics.map(formatDiagnostic);
    expect(lines).toContain(
      'wf.yaml:4:12 OURO_WORKFLOW_UNKNOWN_ACTOR unknown actor "eslnt" (did you mean "eslint"?)',
    );
    expect(
      lines.some((line) => line.startsWith('wf.yaml:7:') && line.includes('OURO_WORKFLOW_PARAMS_INVALID')),
    ).toBe(true);
    expect(lines.some((line) => line.includes('unknown parameter "extra"'))).toBe(true);
  });

  it('does not reject params given by templates', () => {
    const result = verify(`name: x
inputs: { wait: 2 }
steps:
  - id: "1.001"
    actor: sleep
    with: { seconds: "\${{ inputs.wait }}" }
`);
    expect(result.diagnostics).toEqual([]);
  });

  it('reports duplicate ids and unknown dependencies', () => {
    const result = verify(`name: x
steps:
  - id: "1.001"
    actor: noop
  - id: "1.001"
    actor: noop
  - id: "1.002"
    actor: noop
    depends_on: ["9.999"]
`);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'wf.yaml:5:9 OURO_WORKFLOW_DUPLICATE_STEP_ID step id "1.001" is already used by steps[0]',
      'wf.yaml:9:18 OURO_WORKFLOW_UNKNOWN_DEPENDENCY depends on unknown step "9.999"',
    ]);
    expect(result.workflow).toBeUndefined();
  });

  it('reports dependency cycles with the steps involved', () => {
    const result = verify(`name: x
steps:
  - id: "1.001"
    actor: noop
    depends_on: ["1.003"]
  - id: "1.002"
    actor: noop
  - id: "1.003"
    actor: noop
    depends_on: ["1.002"]
`);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message])).toEqual([
      ['OURO_WORKFLOW_CYCLE', 'dependency cycle: 1.001 → 1.003 → 1.002 → 1.001'],
    ]);
  });

  it('reports expression errors and unknown input references in when and templates', () => {
    const result = verify(`name: x
inputs: { files: "." }
steps:
  - id: "1.001"
    actor: eslint
    with: { files: "\${{ inputs.filez }}" }
  - id: "1.002"
    actor: noop
    when: "inputs.files == ("
  - id: "1.003"
    actor: noop
    when: "has_erors('artifacts/x.json')"
`);
    const byLine = result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.code]);
    expect(byLine).toContainEqual([6, 'OURO_EXPRESSION_UNKNOWN_INPUT']);
    expect(byLine.some(([line, code]) => line === 9 && String(code).startsWith('OURO_EXPRESSION_'))).toBe(
      true,
    );
    expect(byLine).toContainEqual([12, 'OURO_EXPRESSION_UNKNOWN_FUNCTION']);
  });

  it('reports emits outside the artifacts directory', () => {
    const result = verify(`name: x
steps:
  - id: "1.001"
    actor: noop
    emits: [artifacts/ok.json, ../escape.json, /etc/passwd]
`);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
      'OURO_WORKFLOW_EMITS_OUTSIDE_ARTIFACTS',
      'OURO_WORKFLOW_EMITS_OUTSIDE_ARTIFACTS',
    ]);
  });

  it('reports YAML syntax errors with a position', () => {
    const result = verify('name: x\nsteps: [\n');
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.code).toBe('OURO_YAML_SYNTAX');
    expect(result.diagnostics[0]!.line).toBeGreaterThan(0);
  });

  it('never throws on arbitrary input: every problem is a diagnostic with a code and a position', () => {
    const yamlish = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .record({
          name: fc.oneof(fc.string(), fc.integer()),
          steps: fc.array(
            fc.record({
              id: fc.oneof(fc.constantFrom('1.001', '1.002', '2.001'), fc.string()),
              actor: fc.constantFrom('noop', 'sleep', 'eslint', 'bogus'),
              when: fc.option(fc.string(), { nil: undefined }),
              depends_on: fc.option(fc.array(fc.constantFrom('1.001', '1.002', '9.9')), { nil: undefined }),
              with: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
            }),
          ),
        })
        .map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        try {
          const result = verify(text);
          for (const diagnostic of result.diagnostics) {
            expect(diagnostic.code).toMatch(/^OURO_[A-Z_]+$/);
            expect(diagnostic.line).toBeGreaterThan(0);
          }
          expect(result.workflow === undefined).toBe(result.diagnostics.length > 0);
        } catch (error) {
          if (!isOuroError(error)) throw error;
        }
      }),
      { numRuns: Number(process.env.OURO_FUZZ_RUNS ?? 400), seed: 20261122 },
    );
  });
});
