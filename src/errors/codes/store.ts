import { defineErrors } from '../error-definition.js';

export const storeErrors = defineErrors({
  OURO_STORE_UNAVAILABLE: {
    message: 'Cannot open the database ({database}): {reason}',
    remedy: 'Check database.url / OURO_DATABASE_URL and that the database is reachable.',
    retryable: true,
    exitCode: 1,
    httpStatus: 503,
  },
});
