/**
 * The hidden marker of `ensureComment`: an HTML comment at the end of the body, invisible where
 * Markdown is rendered, by which a forge finds its own comment again (GitHub by scanning the
 * comments, the local forge by a column as well). Every forge writes it the same way, so a comment
 * made by one version of Ouro is found by the next.
 */
const markerPattern = /<!-- ouro-marker:([A-Za-z0-9._:/-]+) -->\s*$/;

/** Markers are short identifiers (`ouro:status`, `task/12`): nothing that could end the HTML comment. */
export function checkMarker(marker: string): void {
  if (!/^[A-Za-z0-9._:/-]{1,200}$/.test(marker)) {
    throw new RangeError(`comment marker ${JSON.stringify(marker)} must match [A-Za-z0-9._:/-]{1,200}`);
  }
}

export function bodyWithMarker(body: string, marker: string): string {
  checkMarker(marker);
  return `${body.trimEnd()}\n\n<!-- ouro-marker:${marker} -->`;
}

/** The marker a comment body carries, if any. */
export function markerOf(body: string): string | undefined {
  return markerPattern.exec(body)?.[1];
}
