/**
 * Errors of the notification area. Notifications never fail the work that sends them: these codes
 * are logged (as warnings, `code` field) so that an operator can grep for them and read the remedy.
 */
import { defineErrors } from '../error-definition.js';

export const notificationErrors = defineErrors({
  OURO_NOTIFICATION_FAILED: {
    message: 'The {event} notification to {url} failed: {reason}',
    remedy:
      'Check that the webhook endpoint is reachable from this machine and answers a POST with a 2xx status within 5 seconds; the URL comes from notifications.webhooks in the configuration.',
    retryable: true,
    exitCode: 1,
    httpStatus: 502,
  },
  OURO_NOTIFICATION_SECRET_MISSING: {
    message:
      'The webhook {url} is signed with the secret in {variable}, but that variable is not set: the {event} notification was sent unsigned',
    remedy:
      'Set {variable} in the environment of every Ouro process, or remove secret_env from that webhook in notifications.webhooks.',
    retryable: false,
    exitCode: 2,
    httpStatus: 500,
  },
});
