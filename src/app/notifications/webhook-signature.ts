/**
 * The signature of a webhook body: `sha256=<hex HMAC-SHA256 of the exact body bytes>` in the
 * `X-Ouro-Signature-256` header, the same scheme as GitHub's `X-Hub-Signature-256`, so receivers can
 * reuse their verification code. Receivers must compare in constant time (verifyWebhookSignature).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'X-Ouro-Signature-256';
export const eventHeader = 'X-Ouro-Event';

export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Whether `signature` (a header value) signs `body` with `secret`; for receivers and tests. */
export function verifyWebhookSignature(secret: string, body: string, signature: string | undefined): boolean {
  if (signature === undefined) return false;
  const expected = Buffer.from(signWebhookBody(secret, body));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
