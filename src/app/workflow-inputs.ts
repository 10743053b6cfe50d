/**
 * Turns `--input name=value` flags (and `--files`) into the run's inputs: declared defaults first,
 * then the flags. Values are read as YAML scalars so `--input retries=3` is the number 3.
 */
import { parse } from 'yaml';
import { OuroError } from '../errors/index.js';
import type { Workflow } from '../engine/workflow/workflow-schema.js';

export function parseInputFlags(pairs: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new OuroError('OURO_INPUT_INVALID', { value: pair });
    const name = pair.slice(0, separator).trim();
    const raw = pair.slice(separator + 1);
    let value: unknown;
    try {
      value = raw === '' ? '' : parse(raw);
    } catch {
      value = raw;
    }
    values[name] = value === null && raw !== 'null' && raw !== '~' ? raw : value;
  }
  return values;
}

export function resolveInputs(workflow: Workflow, given: Record<string, unknown>): Record<string, unknown> {
  const declared = Object.keys(workflow.inputs);
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(workflow.inputs, name)) {
      throw new OuroError('OURO_INPUT_UNKNOWN', { name, known: declared.join(', ') || '(none)' });
    }
  }
  return { ...workflow.inputs, ...given };
}
