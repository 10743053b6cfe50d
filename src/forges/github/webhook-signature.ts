import { verify } from '@octokit/webhooks-methods';
import { OuroError } from '../../errors/index.js';

/**
 * Checks `X-Hub-Signature-256` (`sha256=<hex HMAC of the raw body>`) in constant time. The body
 * must be the bytes GitHub sent: re-serialised JSON has another signature.
 */
export async function verifyWebhookSignature(
  rawBody: string,
  signature: string | undefined,
  secret: string,
): Promise<void> {
  if (secret === '') throw new OuroError('OURO_GITHUB_WEBHOOK_SECRET_MISSING');
  if (signature === undefined || signature === '') {
    throw new OuroError('OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID', {
      reason: 'the X-Hub-Signature-256 header is missing',
    });
  }
  if (!/^sha256=[0-9a-f]{64}$/.test(signature)) {
    throw new OuroError('OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID', {
      reason: 'the X-Hub-Signature-256 header is not sha256=<64 hex digits>',
    });
  }
  if (rawBody === '' || !(await verify(secret, rawBody, signature))) {
    throw new OuroError('OURO_GITHUB_WEBHOOK_SIGNATURE_INVALID', {
      reason: 'the signature does not match the body and the configured secret',
    });
  }
}
