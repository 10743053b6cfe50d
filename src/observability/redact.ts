/**
 * Secret redaction applied to everything before it is written to a log (and usable for any other
 * text Ouro persists or prints). Three layers: literal secret values known at start-up (env vars,
 * config values under secret-like keys), values of object keys named like secrets, and common
 * credential shapes found anywhere in text.
 *
 * Limits: pattern matching is a safety net, not a proof. A secret that has no known shape and was not
 * handed over as a literal (e.g. fetched at run time and logged under an innocent key) can slip through;
 * callers that learn new secrets should build a redactor that knows them.
 */

export const redactionMarker = '[REDACTED]';

/** Literal secrets shorter than this are ignored: redacting "abc" everywhere would garble logs. */
export const minimumSecretLength = 6;

export interface Redactor {
  redactString(text: string): string;
  /** Deep copy with secrets replaced; keeps the shape, cycle-safe, Errors become plain objects. */
  redactValue(value: unknown): unknown;
}

export interface RedactorOptions {
  /** Literal values known to be secret. */
  secrets?: readonly string[];
}

/**
 * Key names whose values are secrets. Matched on the key lower-cased with `-`, `_`, `.` and spaces
 * removed. Deliberately anchored at the end so counters such as `max_tokens` or `inputTokens` stay.
 */
const secretKeyPattern =
  /(?:^authorization|^proxyauthorization|^cookie|^setcookie|^sessionid|token|secret|password|passwd|passphrase|apikey|privatekey|accesskey|credentials?|^auth)$/;

export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key.toLowerCase().replace(/[-_.\s]/g, ''));
}

/** Environment variable names whose values are secrets (the issue's list). */
const secretEnvironmentNamePattern = /KEY|TOKEN|SECRET|PASSWORD|PASS|CREDENTIAL|AUTH/i;
/** Names that match the list but hold locations, not secrets (SSH_AUTH_SOCK, GNUPG key paths…). */
const nonSecretEnvironmentNamePattern = /(?:_PATH|_FILE|_DIR|_SOCK|_SOCKET|_HOME)$/i;

function isPlausibleSecretValue(value: string): boolean {
  if (value.length < minimumSecretLength) return false;
  if (/^(?:true|false|yes|no|on|off|null|undefined)$/i.test(value)) return false;
  if (/^-?\d+(?:\.\d+)?$/.test(value)) return false;
  return true;
}

/** Values of environment variables whose names look secret (`GITHUB_TOKEN`, `OPENAI_API_KEY`, …). */
export function secretsFromEnvironment(
  environment: NodeJS.ProcessEnv | Record<string, string | undefined>,
): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) continue;
    if (!secretEnvironmentNamePattern.test(name) || nonSecretEnvironmentNamePattern.test(name)) continue;
    if (isPlausibleSecretValue(value)) secrets.add(value);
  }
  return [...secrets];
}

/** String (and numeric) values found under secret-like keys anywhere in a config-like value. */
export function secretsFromValue(value: unknown): string[] {
  const secrets = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown, underSecretKey: boolean): void => {
    if (typeof node === 'string' || typeof node === 'number') {
      const text = String(node);
      if (underSecretKey && text.length >= minimumSecretLength) secrets.add(text);
      return;
    }
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item, underSecretKey);
      return;
    }
    for (const [key, child] of Object.entries(node)) visit(child, underSecretKey || isSecretKey(key));
  };
  visit(value, false);
  return [...secrets];
}

interface TextRule {
  pattern: RegExp;
  replace: string | ((substring: string, ...groups: string[]) => string);
}

/**
 * Credential shapes recognisable on their own (no surrounding key needed). Exported so that the
 * policy layer's secrets guard flags exactly what logs would redact. Global patterns: reset lastIndex.
 */
export const credentialShapes: readonly { name: string; pattern: RegExp }[] = [
  // GitHub tokens: classic, OAuth, user-to-server, server-to-server, refresh; fine-grained PATs.
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g },
  { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g },
  // Anthropic and OpenAI (incl. project and service-account keys).
  { name: 'Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{10,}/g },
  { name: 'OpenAI API key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g },
  // AWS access key ids (long-term and temporary).
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  // Slack bot/app/user/refresh tokens.
  { name: 'Slack token', pattern: /\bxox[abprse]-[A-Za-z0-9-]{10,}/g },
  // JSON Web Tokens (signature may be empty for alg "none").
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  // Ouro API keys: `ouro_` followed by at least 20 letters and digits (metric names have underscores).
  { name: 'Ouro API key', pattern: /\bouro_[A-Za-z0-9]{20,}\b/g },
];

/** Shapes of credentials that are secrets wherever they appear. Order matters: wide rules first. */
const textRules: readonly TextRule[] = [
  // PEM private keys, terminated or cut off by truncation.
  {
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*$)/g,
    replace: redactionMarker,
  },
  // Authorization / Proxy-Authorization header values, whatever the scheme (Bearer, Basic, token, …).
  {
    pattern:
      /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest|negotiate|apikey)\s+)?([^\s"',;]+)/gi,
    replace: (_whole, prefix: string, scheme: string | undefined) =>
      `${prefix}${scheme === undefined ? '' : `${scheme} `}${redactionMarker}`,
  },
  // Bearer tokens outside a header line ("curl -H 'Bearer …'", error messages).
  { pattern: /\b(Bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, replace: `$1${redactionMarker}` },
  // scheme://user:password@host (before key=value: `x-access-token:…@` is a URL, not a pair)
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]+)@/gi, replace: `$1$2:${redactionMarker}@` },
  // key=value / key: value pairs in free text where the key names a secret.
  {
    pattern:
      /\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?))(["']?\s*[=:]\s*["']?)(?!\[REDACTED\])([^\s"'&,;{}[\]]+)/gi,
    replace: `$1$2${redactionMarker}`,
  },
  ...credentialShapes.map((shape) => ({ pattern: shape.pattern, replace: redactionMarker })),
];

function escapeRegularExpression(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildLiteralPattern(secrets: readonly string[]): RegExp | undefined {
  const usable = [...new Set(secrets)]
    .filter((secret) => secret.length >= minimumSecretLength && !redactionMarker.includes(secret))
    .sort((left, right) => right.length - left.length);
  if (usable.length === 0) return undefined;
  return new RegExp(usable.map(escapeRegularExpression).join('|'), 'g');
}

/** Errors serialize to `{}` with JSON.stringify; this keeps what an operator needs, redacted later. */
function errorToPlainObject(error: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = {
    type: error.constructor?.name || error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const [key, value] of Object.entries(error)) {
    if (!(key in plain)) plain[key] = value;
  }
  if (error.cause !== undefined) plain.cause = error.cause;
  if (error instanceof AggregateError) plain.errors = error.errors;
  return plain;
}

const maximumDepth = 32;

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const literalPattern = buildLiteralPattern(options.secrets ?? []);

  const redactString = (text: string): string => {
    let result = text;
    if (literalPattern !== undefined) {
      // Repeat: a replacement can join fragments into a new occurrence ("se" + marker tail…) only
      // in contrived cases, but a bounded re-run is cheap and makes the guarantee unconditional.
      for (let pass = 0; pass < 3; pass += 1) {
        literalPattern.lastIndex = 0;
        if (!literalPattern.test(result)) break;
        literalPattern.lastIndex = 0;
        result = result.replace(literalPattern, redactionMarker);
      }
    }
    for (const rule of textRules) {
      rule.pattern.lastIndex = 0;
      const replace = rule.replace;
      result =
        typeof replace === 'string'
          ? result.replace(rule.pattern, replace)
          : result.replace(rule.pattern, replace);
    }
    return result;
  };

  const redactValue = (value: unknown): unknown => {
    const ancestors = new Set<object>();

    const visit = (node: unknown, underSecretKey: boolean, depth: number): unknown => {
      if (typeof node === 'string') return underSecretKey ? redactionMarker : redactString(node);
      if (typeof node === 'number' || typeof node === 'bigint')
        return underSecretKey ? redactionMarker : node;
      if (node === null || typeof node !== 'object') return node;
      if (node instanceof Date || node instanceof RegExp) return node;
      if (ArrayBuffer.isView(node)) return node;
      if (ancestors.has(node)) return '[Circular]';
      if (depth >= maximumDepth) return '[Truncated]';
      ancestors.add(node);
      try {
        if (Array.isArray(node)) return node.map((item) => visit(item, underSecretKey, depth + 1));
        if (node instanceof Map) {
          const entries: Record<string, unknown> = {};
          for (const [key, child] of node) {
            const name = redactString(String(key));
            entries[name] = visit(child, underSecretKey || isSecretKey(String(key)), depth + 1);
          }
          return entries;
        }
        if (node instanceof Set) return [...node].map((item) => visit(item, underSecretKey, depth + 1));
        const source = node instanceof Error ? errorToPlainObject(node) : (node as Record<string, unknown>);
        const copy: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(source)) {
          copy[redactString(key)] = visit(child, underSecretKey || isSecretKey(key), depth + 1);
        }
        return copy;
      } finally {
        ancestors.delete(node);
      }
    };

    return visit(value, false, 0);
  };

  return { redactString, redactValue };
}
