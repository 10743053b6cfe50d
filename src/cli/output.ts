/**
 * Everything a command prints goes through here, so the rules hold everywhere: with --json only JSON
 * reaches stdout; human text is coloured on a TTY only; errors have a code line and a remedy line.
 */
import pc from 'picocolors';
import { toOuroError, type OuroError } from '../errors/index.js';
import type { GlobalOptions } from './global-options.js';

export interface Output {
  readonly json: boolean;
  readonly color: boolean;
  readonly isTty: boolean;
  /** Human text to stdout (suppressed with --json). */
  line(text?: string): void;
  /** The one JSON document of a --json command. */
  document(value: unknown): void;
  /** One NDJSON event of a streaming --json command. */
  event(value: unknown): void;
  /** Notes for humans that are not the result (stderr, never with --json). */
  note(text: string): void;
  error(error: unknown): OuroError;
  colors: {
    bold(text: string): string;
    dim(text: string): string;
    red(text: string): string;
    green(text: string): string;
    yellow(text: string): string;
    cyan(text: string): string;
  };
}

export interface OutputStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export function createOutput(
  globals: Pick<GlobalOptions, 'json' | 'color'>,
  streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
): Output {
  const palette = pc.createColors(globals.color);
  const write = (stream: NodeJS.WritableStream, text: string): void => {
    stream.write(text);
  };
  return {
    json: globals.json,
    color: globals.color,
    isTty: streams.stdout.isTTY === true,
    line(text = '') {
      if (!globals.json) write(streams.stdout, `${text}\n`);
    },
    document(value) {
      write(streams.stdout, `${JSON.stringify(value, null, 2)}\n`);
    },
    event(value) {
      write(streams.stdout, `${JSON.stringify(value)}\n`);
    },
    note(text) {
      if (!globals.json) write(streams.stderr, `${text}\n`);
    },
    error(raw) {
      const error = toOuroError(raw);
      if (globals.json) {
        write(streams.stdout, `${JSON.stringify({ error: error.toJSON() })}\n`);
      } else {
        write(streams.stderr, `${palette.red(`error ${error.code}`)}: ${error.message}\n`);
        write(streams.stderr, `${palette.dim('→')} ${error.remedy}\n`);
      }
      return error;
    },
    colors: {
      bold: palette.bold,
      dim: palette.dim,
      red: palette.red,
      green: palette.green,
      yellow: palette.yellow,
      cyan: palette.cyan,
    },
  };
}
