/**
 * Finds the recorded request nearest to one a cassette does not hold and describes how they differ,
 * so a replay miss says what changed (a prompt edit, another model, a new tool) instead of only "miss".
 * JSON bodies are compared leaf by leaf; other bodies by edit distance.
 */
import { distance } from 'fastest-levenshtein';

export interface ComparableRequest {
  method: string;
  path: string;
  /** The body as sent: parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
}

const maximumDiffLines = 12;
const maximumValueLength = 80;

/** Leaves of a JSON value by path (`messages[0].content`), each as its JSON text. */
export function flattenJson(
  value: unknown,
  prefix = '',
  into = new Map<string, string>(),
): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) into.set(prefix, '[]');
    value.forEach((item, index) => flattenJson(item, `${prefix}[${index}]`, into));
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) into.set(prefix, '{}');
    for (const [key, item] of entries) flattenJson(item, prefix === '' ? key : `${prefix}.${key}`, into);
  } else {
    into.set(prefix === '' ? '(body)' : prefix, JSON.stringify(value) ?? 'undefined');
  }
  return into;
}

/** Similarity in [0, 1]: shared equal leaves over all leaves, or 1 − normalised edit distance for text. */
export function similarity(left: unknown, right: unknown): number {
  if (typeof left === 'string' || typeof right === 'string') {
    const a = typeof left === 'string' ? left : JSON.stringify(left);
    const b = typeof right === 'string' ? right : JSON.stringify(right);
    const longest = Math.max(a.length, b.length);
    return longest === 0 ? 1 : 1 - distance(a, b) / longest;
  }
  const a = flattenJson(left);
  const b = flattenJson(right);
  const keys = new Set([...a.keys(), ...b.keys()]);
  if (keys.size === 0) return 1;
  let equal = 0;
  for (const key of keys) if (a.get(key) === b.get(key)) equal += 1;
  return equal / keys.size;
}

function shorten(text: string): string {
  return text.length > maximumValueLength ? `${text.slice(0, maximumValueLength - 1)}…` : text;
}

/** Line-per-field differences: `~ path: recorded → sent`, `+ path` only sent, `- path` only recorded. */
export function describeDifference(recorded: unknown, sent: unknown): string[] {
  if (typeof recorded === 'string' || typeof sent === 'string') {
    return [`~ body: ${shorten(JSON.stringify(recorded))} → ${shorten(JSON.stringify(sent))}`];
  }
  const a = flattenJson(recorded);
  const b = flattenJson(sent);
  const lines: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const before = a.get(key);
    const after = b.get(key);
    if (before === after) continue;
    if (before === undefined) lines.push(`+ ${key}: ${shorten(after ?? '')}`);
    else if (after === undefined) lines.push(`- ${key}: ${shorten(before)}`);
    else lines.push(`~ ${key}: ${shorten(before)} → ${shorten(after)}`);
  }
  if (lines.length > maximumDiffLines) {
    const hidden = lines.length - maximumDiffLines;
    return [...lines.slice(0, maximumDiffLines), `… and ${hidden} more difference(s)`];
  }
  return lines;
}

/** The nearest recorded request (same method and path preferred) and the diff against it. */
export function nearestDifference(sent: ComparableRequest, recorded: ComparableRequest[]): string {
  let best: { request: ComparableRequest; index: number; score: number } | undefined;
  recorded.forEach((request, index) => {
    const sameRoute = request.method === sent.method && request.path === sent.path ? 1 : 0;
    const score = sameRoute + similarity(request.body, sent.body);
    if (best === undefined || score > best.score) best = { request, index, score };
  });
  if (best === undefined) return '  (the cassette holds no requests)';
  const header = `  recorded #${best.index + 1}: ${best.request.method} ${best.request.path}`;
  const route =
    best.request.method === sent.method && best.request.path === sent.path
      ? []
      : [`~ route: ${best.request.method} ${best.request.path} → ${sent.method} ${sent.path}`];
  const lines = [...route, ...describeDifference(best.request.body, sent.body)];
  if (lines.length === 0)
    lines.push('(same body: the cassette holds fewer identical requests than were sent)');
  return [header, ...lines.map((line) => `    ${line}`)].join('\n');
}
