/** Errors of the safety area: pause and admission of new work. */
import { defineErrors } from '../error-definition.js';

export const safetyErrors = defineErrors({
  OURO_SAFETY_PAUSED: {
    message: 'Ouro is paused since {since} by {by}: {reason}',
    remedy:
      'Nothing new starts while paused; running steps finish. Run `ouro resume` when it is safe to continue (`ouro status` shows the pause).',
    retryable: false,
    exitCode: 1,
    httpStatus: 423,
  },
  OURO_SAFETY_BUDGET_EXHAUSTED: {
    message: 'The {which} cost limit is used up: {used} of {limit} spent in {scope} (UTC)',
    remedy:
      'New work is not admitted until the next {period} (UTC) or a higher {setting} in ouro.config.yaml; `ouro status` shows the spend.',
    retryable: false,
    exitCode: 1,
    httpStatus: 429,
  },
});
