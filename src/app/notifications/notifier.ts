/**
 * Webhook notifications (`notifications.webhooks`): each event is POSTed as JSON `{event, at,
 * payload}` to every webhook that subscribes to it (or to `*`), signed with HMAC-SHA256 when the
 * webhook names a secret variable. A notification never breaks the work that sends it: every failure
 * (unreachable, slow, non-2xx) is logged as a warning with the URL redacted, and `notify` resolves.
 */
import type { OuroConfig } from '../../config/schema/ouro-config.js';
import { OuroError } from '../../errors/index.js';
import type { Logger } from '../../observability/logger-types.js';
import { redactWebhookUrl } from './redact-webhook-url.js';
import { eventHeader, signatureHeader, signWebhookBody } from './webhook-signature.js';

/** A webhook that does not answer within this long is given up on (issue 4: 5 s). */
export const defaultNotificationTimeoutMs = 5000;

/** Longest part of a failing response's body quoted in the warning. */
const quotedBodyLength = 200;

export type NotifyFunction = (event: string, payload: Record<string, unknown>) => Promise<void>;

export interface Notifier {
  notify: NotifyFunction;
}

export interface NotifierOptions {
  logger: Logger;
  /** Where `secret_env` variables are read. */
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

type Webhook = OuroConfig['notifications']['webhooks'][number];

function subscribes(webhook: Webhook, event: string): boolean {
  return webhook.events.includes('*') || webhook.events.includes(event);
}

/** What went wrong, in words an operator can act on (fetch's own message is only "fetch failed"). */
function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    if (typeof cause?.code === 'string')
      return `${cause.code}${typeof cause.message === 'string' ? ` (${cause.message})` : ''}`;
    // undici refuses some URLs itself (a blocked port, a bad scheme) with only a message in the cause.
    if (typeof cause?.message === 'string') return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}

export function createNotifier(
  config: Pick<OuroConfig, 'notifications'>,
  options: NotifierOptions,
): Notifier {
  const { logger, env } = options;
  const send = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? defaultNotificationTimeoutMs;
  const now = options.now ?? Date.now;

  function warn(error: OuroError, fields: Record<string, unknown>): void {
    logger.warn(
      { event: 'notification_failed', code: error.code, remedy: error.remedy, ...fields },
      error.message,
    );
  }

  async function deliver(webhook: Webhook, event: string, body: string): Promise<void> {
    const url = redactWebhookUrl(webhook.url);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'ouro-webhook',
      [eventHeader]: event,
    };
    if (webhook.secret_env !== undefined) {
      const secret = env[webhook.secret_env];
      if (secret === undefined || secret === '') {
        warn(
          new OuroError('OURO_NOTIFICATION_SECRET_MISSING', { url, variable: webhook.secret_env, event }),
          {
            notification_event: event,
            url,
          },
        );
      } else {
        headers[signatureHeader] = signWebhookBody(secret, body);
      }
    }
    try {
      const response = await send(webhook.url, {
        method: 'POST',
        headers,
        body,
        // A redirect would resend the body (and its signature) to a host nobody configured.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (response.status < 200 || response.status > 299) {
        const quoted = text.trim().slice(0, quotedBodyLength);
        const reason = `HTTP ${response.status}${quoted === '' ? '' : `: ${quoted}`}`;
        warn(new OuroError('OURO_NOTIFICATION_FAILED', { event, url, reason }), {
          notification_event: event,
          url,
          status: response.status,
        });
        return;
      }
      logger.debug(
        { event: 'notification_sent', notification_event: event, url, status: response.status },
        `sent ${event} to ${url}`,
      );
    } catch (error) {
      const reason = failureReason(error, timeoutMs);
      warn(new OuroError('OURO_NOTIFICATION_FAILED', { event, url, reason }), {
        notification_event: event,
        url,
      });
    }
  }

  return {
    async notify(event, payload) {
      const targets = config.notifications.webhooks.filter((webhook) => subscribes(webhook, event));
      if (targets.length === 0) return;
      // One body for every webhook: what is signed is exactly what is sent.
      const body = JSON.stringify({ event, at: new Date(now()).toISOString(), payload });
      await Promise.all(targets.map((webhook) => deliver(webhook, event, body)));
    },
  };
}
