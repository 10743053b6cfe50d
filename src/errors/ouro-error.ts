import { errorRegistry, type ErrorCode } from './registry.js';
import type { ErrorDefinition } from './error-definition.js';

export type ErrorParameters = Record<string, string | number | boolean | undefined>;

export interface OuroErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Overrides the registry's remedy when the situation knows a more precise one. */
  remedy?: string;
}

/** The JSON shape used on stdout (--json), over HTTP and across the queue. */
export interface SerializedError {
  code: string;
  message: string;
  remedy: string;
  details?: unknown;
}

function fill(template: string, parameters: ErrorParameters): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = parameters[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The one error type Ouro raises on purpose. Everything a user can see carries a stable code from
 * the registry, a message, a remedy, whether a retry can help, and how it maps to exit codes and
 * HTTP statuses.
 */
export class OuroError extends Error {
  readonly code: ErrorCode;
  readonly remedy: string;
  readonly details: unknown;
  readonly retryable: boolean;
  readonly exitCode: number;
  readonly httpStatus: number;

  constructor(code: ErrorCode, parameters: ErrorParameters = {}, options: OuroErrorOptions = {}) {
    const definition: ErrorDefinition = errorRegistry[code];
    super(fill(definition.message, parameters), options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'OuroError';
    this.code = code;
    this.remedy = options.remedy ?? fill(definition.remedy, parameters);
    this.details = options.details;
    this.retryable = definition.retryable;
    this.exitCode = definition.exitCode;
    this.httpStatus = definition.httpStatus;
  }

  toJSON(): SerializedError {
    const serialized: SerializedError = { code: this.code, message: this.message, remedy: this.remedy };
    if (this.details !== undefined) serialized.details = this.details;
    return serialized;
  }
}

export function isOuroError(value: unknown): value is OuroError {
  return value instanceof OuroError;
}

/** Wraps anything thrown into an OuroError, keeping OuroErrors as they are. */
export function toOuroError(value: unknown): OuroError {
  if (value instanceof OuroError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new OuroError('OURO_INTERNAL', { message }, { cause: value });
}

/** Rebuilds an error that crossed a process or HTTP boundary. */
export function fromSerializedError(serialized: SerializedError): OuroError {
  const code = (serialized.code in errorRegistry ? serialized.code : 'OURO_INTERNAL') as ErrorCode;
  const error = new OuroError(code, {}, { remedy: serialized.remedy, details: serialized.details });
  Object.defineProperty(error, 'message', { value: serialized.message });
  return error;
}
