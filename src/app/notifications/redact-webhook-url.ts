/**
 * Webhook URLs often carry their credential in the path (Slack's `/services/T…/B…/<secret>`) or the
 * query (`?token=`), so logs show only the scheme, host and port, and `/…` when anything followed.
 */
export function redactWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname !== '/' || parsed.search !== '' || parsed.hash !== '';
    return `${parsed.protocol}//${parsed.host}${hidden ? '/…' : '/'}`;
  } catch {
    return '(invalid URL)';
  }
}
