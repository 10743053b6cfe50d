/**
 * `verifier`: evaluates a list of gates (tests pass, diff limits, schema validity, token budget, no
 * errors of given kinds), writes every verdict to `artifacts/<step>.gates.json`, and fails the step
 * with OURO_GATE_FAILED listing each reason when any gate fails.
 */
import { OuroError } from '../../errors/index.js';
import { stepErrorFrom } from '../process/step-failure.js';
import type { Adapter, StepContext, StepResult } from '../types.js';
import { diffLimits, noErrors, schemaValid, testsPass, tokenBudget } from './verifier-gates.js';
import { verifierParamsSchema, type Gate, type GateResult, type VerifierParams } from './verifier-params.js';

export interface VerifierOutputs extends Record<string, unknown> {
  passed: boolean;
  gates: GateResult[];
}

async function evaluate(gate: Gate, context: StepContext): Promise<GateResult> {
  const name = Object.keys(gate)[0] ?? 'unknown';
  try {
    if ('tests_pass' in gate) return await testsPass(gate.tests_pass, context);
    if ('diff_limits' in gate) return await diffLimits(gate.diff_limits, context);
    if ('schema_valid' in gate) return await schemaValid(gate.schema_valid, context);
    if ('token_budget' in gate) return await tokenBudget(gate.token_budget, context);
    return await noErrors(gate.no_errors, context);
  } catch (error) {
    // A gate that cannot be evaluated (git failed, say) has not passed: say why instead of crashing.
    return { gate: name, passed: false, reasons: [`could not evaluate: ${stepErrorFrom(error).message}`] };
  }
}

async function executeVerifier(
  params: VerifierParams,
  context: StepContext,
): Promise<StepResult<VerifierOutputs>> {
  const results: GateResult[] = [];
  for (const gate of params.gates) {
    if (context.signal.aborted) {
      return {
        status: 'failed',
        outputs: { passed: false, gates: results },
        error: stepErrorFrom(new OuroError('OURO_CANCELLED', { reason: 'verifier aborted' })),
      };
    }
    results.push(await evaluate(gate, context));
  }
  const passed = results.every((result) => result.passed);
  const gatesArtifact = params.gates_artifact ?? `artifacts/${context.stepId}.gates.json`;
  const artifact = await context.artifacts.write(
    gatesArtifact,
    `${JSON.stringify({ passed, gates: results }, null, 2)}\n`,
  );
  const failed = results.filter((result) => !result.passed);
  const outputs: VerifierOutputs = { passed, gates: results };
  const summary = `${results.length - failed.length}/${results.length} gate(s) passed`;
  if (passed) return { status: 'succeeded', outputs, artifacts: [artifact], summary };
  const reasons = failed.flatMap((result) => result.reasons.map((reason) => `${result.gate}: ${reason}`));
  const error = new OuroError(
    'OURO_GATE_FAILED',
    { count: failed.length, reasons: reasons.join('; '), gatesArtifact },
    { details: { gates: failed } },
  );
  return { status: 'failed', outputs, artifacts: [artifact], error: stepErrorFrom(error), summary };
}

export const verifierAdapter: Adapter<VerifierParams, VerifierOutputs> = {
  id: 'verifier',
  kind: 'deterministic',
  // Its diff_limits gate runs `git diff`; every gate only reads.
  effects: ['run_command'],
  readOnly: () => true,
  version: '1.0.0',
  description: 'Checks gates: tests_pass, diff_limits, schema_valid, token_budget, no_errors',
  params: verifierParamsSchema,
  available: () => Promise.resolve({ available: true }),
  execute: executeVerifier,
};
