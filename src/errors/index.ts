export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export {
  OuroError,
  isOuroError,
  toOuroError,
  fromSerializedError,
  type SerializedError,
  type ErrorParameters,
  type OuroErrorOptions,
} from './ouro-error.js';
export { errorRegistry, type ErrorCode } from './registry.js';
export type { ErrorDefinition } from './error-definition.js';
