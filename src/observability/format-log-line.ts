/**
 * Turns one JSON log record into a readable terminal line: `time LEVEL event message key=value…`,
 * with the error stack indented below. Used by the terminal side of the logger and by `ouro logs tail`.
 * Lines that are not JSON objects are returned unchanged (a log file may hold foreign lines).
 */
import pc from 'picocolors';

export interface FormatLogLineOptions {
  color: boolean;
  /** Print error stacks below the line (default true); the terminal logger shows them at debug only. */
  stacks?: boolean;
}

const levelNames: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** Keys shown in fixed places or left out because every line has them. */
const placedKeys = new Set(['time', 'level', 'msg', 'event', 'pid', 'hostname', 'err']);

function levelName(level: unknown): string {
  if (typeof level === 'number') return levelNames[level] ?? String(level);
  if (typeof level === 'string') return level;
  return 'info';
}

function clockTime(time: unknown): string {
  const date = typeof time === 'number' || typeof time === 'string' ? new Date(time) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) return '--:--:--.---';
  return date.toISOString().slice(11, 23);
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  // JSON.stringify gives undefined for undefined, functions and symbols.
  return JSON.stringify(value) ?? typeof value;
}

export function formatLogRecord(record: Record<string, unknown>, options: FormatLogLineOptions): string {
  const colors = pc.createColors(options.color);
  const level = levelName(record.level);
  const paint: Record<string, (text: string) => string> = {
    trace: colors.gray,
    debug: colors.gray,
    info: colors.green,
    warn: colors.yellow,
    error: colors.red,
    fatal: (text) => colors.bold(colors.red(text)),
  };
  const parts = [
    colors.dim(clockTime(record.time)),
    (paint[level] ?? colors.white)(level.toUpperCase().padEnd(5)),
  ];
  if (typeof record.event === 'string') parts.push(colors.cyan(record.event));
  if (typeof record.msg === 'string' && record.msg !== '') parts.push(record.msg);
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (placedKeys.has(key)) continue;
    pairs.push(`${colors.dim(`${key}=`)}${formatValue(value)}`);
  }
  if (pairs.length > 0) parts.push(pairs.join(' '));
  let text = parts.join(' ');
  const error = record.err;
  if (error !== null && typeof error === 'object') {
    const { message, stack, code } = error as { message?: unknown; stack?: unknown; code?: unknown };
    if (typeof code === 'string') text += ` ${colors.dim('code=')}${code}`;
    if (typeof stack === 'string' && options.stacks !== false) {
      text += `\n${colors.dim(
        stack
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      )}`;
    } else if (typeof message === 'string') {
      text += ` ${colors.dim('error=')}${formatValue(message)}`;
    }
  }
  return text;
}

export function formatLogLine(line: string, options: FormatLogLineOptions): string {
  const trimmed = line.trimEnd();
  if (!trimmed.startsWith('{')) return trimmed;
  let record: unknown;
  try {
    record = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return trimmed;
  return formatLogRecord(record as Record<string, unknown>, options);
}
