/**
 * The concrete logger: pino writing JSON lines to a rotating file and readable lines to a terminal
 * stream, each at its own level. Everything passes through the redactor before pino sees it — the
 * merging object, the message, printf-style arguments, child bindings and base fields — and Errors
 * are turned into plain `{type, message, stack, cause…}` objects first so their text is redacted too.
 *
 * Writes are synchronous (fs.writeSync), so a `process.exit` right after a call loses no line;
 * `flush()` additionally asks the OS to persist the file (fsync) and is what exit handlers call.
 */
import os from 'node:os';
import { pino, type DestinationStream, type LogFn, type StreamEntry } from 'pino';
import { formatLogLine } from './format-log-line.js';
import type { Logger, LogLevel } from './logger-types.js';
import { createRedactor, type Redactor } from './redact.js';
import { createRotatingFile, type RotatingFile } from './rotating-file.js';

export interface TerminalLogOptions {
  stream: NodeJS.WritableStream;
  level: LogLevel;
  color: boolean;
}

export interface CreateLoggerOptions {
  /** Level of the file log. */
  level: LogLevel;
  /** Absolute path of the JSON log file; no file log when absent. */
  file?: string;
  maxSizeBytes?: number;
  maxFiles?: number;
  terminal?: TerminalLogOptions;
  /** Defaults to a redactor that knows no literal secrets (patterns and key names still apply). */
  redactor?: Redactor;
  /** Fields on every line (e.g. `{ component: 'cli' }`). */
  base?: Record<string, unknown>;
}

export interface LoggerHandle {
  logger: Logger;
  /** Persists what was written (fsync). Safe to call from an exit handler. */
  flush(): void;
  /** Flushes and closes the file; later log calls are dropped. */
  close(): void;
}

const levelValues: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

function lowestLevel(levels: LogLevel[]): LogLevel {
  let lowest: LogLevel = 'silent';
  for (const level of levels) if (levelValues[level] < levelValues[lowest]) lowest = level;
  return lowest;
}

/** Rewrites the arguments of one log call so that nothing unredacted reaches pino. */
function redactArguments(redactor: Redactor, inputArguments: unknown[]): unknown[] {
  const redactRest = (rest: unknown[]): unknown[] =>
    rest.map((argument) =>
      typeof argument === 'string' ? redactor.redactString(argument) : redactor.redactValue(argument),
    );
  const [first, ...rest] = inputArguments;
  if (first instanceof Error) {
    const error = redactor.redactValue(first) as { message?: unknown };
    const [message, ...more] = rest;
    const text = typeof message === 'string' ? redactor.redactString(message) : error.message;
    return [{ err: error }, text, ...redactRest(more)];
  }
  if (typeof first === 'string') return [redactor.redactString(first), ...redactRest(rest)];
  return [redactor.redactValue(first), ...redactRest(rest)];
}

function wrap(instance: pino.Logger, redactor: Redactor): Logger {
  return {
    trace: instance.trace.bind(instance),
    debug: instance.debug.bind(instance),
    info: instance.info.bind(instance),
    warn: instance.warn.bind(instance),
    error: instance.error.bind(instance),
    fatal: instance.fatal.bind(instance),
    // pino does not run child bindings through any hook, so they are redacted here.
    child: (bindings) =>
      wrap(instance.child(redactor.redactValue(bindings) as Record<string, unknown>), redactor),
  };
}

function terminalDestination(options: TerminalLogOptions): DestinationStream {
  // Stacks help when debugging and drown the message otherwise; the file always has them.
  const stacks = levelValues[options.level] <= levelValues.debug;
  return {
    write(line: string): void {
      options.stream.write(`${formatLogLine(line, { color: options.color, stacks })}\n`);
    },
  };
}

export function createLogger(options: CreateLoggerOptions): LoggerHandle {
  const redactor = options.redactor ?? createRedactor();
  let rotatingFile: RotatingFile | undefined;
  const streams: StreamEntry[] = [];
  const levels: LogLevel[] = [];

  if (options.file !== undefined && options.level !== 'silent') {
    rotatingFile = createRotatingFile({
      file: options.file,
      ...(options.maxSizeBytes === undefined ? {} : { maxSizeBytes: options.maxSizeBytes }),
      ...(options.maxFiles === undefined ? {} : { maxFiles: options.maxFiles }),
    });
    streams.push({ level: options.level, stream: rotatingFile });
    levels.push(options.level);
  }
  if (options.terminal !== undefined && options.terminal.level !== 'silent') {
    streams.push({
      level: options.terminal.level,
      stream: terminalDestination(options.terminal),
    });
    levels.push(options.terminal.level);
  }

  const level = lowestLevel(levels);
  const instance = pino(
    {
      level: level,
      timestamp: pino.stdTimeFunctions.isoTime,
      base: {
        pid: process.pid,
        hostname: os.hostname(),
        ...(options.base === undefined
          ? {}
          : (redactor.redactValue(options.base) as Record<string, unknown>)),
      },
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already plain, redacted objects (see redactArguments); pino's own serializer would
      // re-read the original Error and bring the unredacted text back.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(inputArguments: unknown[], method: LogFn): void {
          const redacted = redactArguments(redactor, inputArguments) as Parameters<LogFn>;
          method.apply(this, redacted);
        },
      },
    },
    streams.length === 0 ? { write: () => undefined } : pino.multistream(streams),
  );

  let closed = false;
  return {
    logger: wrap(instance, redactor),
    flush(): void {
      rotatingFile?.flush();
    },
    close(): void {
      if (closed) return;
      closed = true;
      instance.level = 'silent';
      rotatingFile?.flush();
      rotatingFile?.close();
    },
  };
}
