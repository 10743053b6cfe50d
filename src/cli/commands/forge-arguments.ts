/** Argument parsers shared by `ouro issue …` and `ouro pr …`. */
import { InvalidArgumentError } from 'commander';

/** `12` or `#12`. */
export function parseNumber(value: string): number {
  const number = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError('expected a number (12 or #12).');
  return number;
}

export function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit <= 0)
    throw new InvalidArgumentError('expected a positive whole number.');
  return limit;
}

/** Repeatable and comma-separated: `--label bug --label ouro,ready`. */
export function collectLabels(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((label) => label.trim())
      .filter((label) => label !== ''),
  ];
}

export function stateParser<const State extends string>(states: readonly State[]) {
  const isState = (value: string): value is State => (states as readonly string[]).includes(value);
  return (value: string): State => {
    if (!isState(value)) throw new InvalidArgumentError(`expected one of ${states.join(', ')}.`);
    return value;
  };
}
