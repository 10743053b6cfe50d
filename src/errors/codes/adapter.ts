import { defineErrors } from '../error-definition.js';

export const adapterErrors = defineErrors({
  OURO_ADAPTER_UNAVAILABLE: {
    message: 'Adapter {adapter} is not available: {reason}',
    remedy: '{install}',
    retryable: false,
    exitCode: 1,
    httpStatus: 503,
  },
  OURO_ADAPTER_UNKNOWN: {
    message: 'Unknown actor "{actor}"',
    remedy: 'Use one of the actors listed by `ouro adapters list`.',
    retryable: false,
    exitCode: 2,
    httpStatus: 400,
  },
});
