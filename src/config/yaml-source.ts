/**
 * Parses YAML text into a plain value while keeping the document, so that problems found later (by a
 * schema, by the workflow verifier) can be reported at the line and column where the value was written.
 * Limits: one document per file (several documents are a syntax error); duplicate keys are errors.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { OuroError } from '../errors/index.js';

/** A 1-based position in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

export type SourcePath = Array<string | number>;

export interface YamlSource {
  file: string;
  value: unknown;
  document: Document;
  /**
   * Position of the value at `path`; for a path that does not exist, the position of the nearest
   * existing ancestor. An entry whose value is empty (`key:`) points at its key.
   */
  locate(path: SourcePath): SourcePosition;
  /**
   * Position of the key of the mapping entry at `path` (useful for "unknown key" problems, whose value
   * may start on the next line); falls back to `locate` when the last segment is not a mapping key.
   */
  locateKey(path: SourcePath): SourcePosition;
}

const documentStart: SourcePosition = { line: 1, column: 1 };

/** Renders a path the way a reader writes it in JavaScript: `a.b[0].c`. */
export function describePath(path: ReadonlyArray<string | number | symbol>): string {
  let described = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      described += `[${segment}]`;
    } else {
      const name = String(segment);
      const plain = /^[A-Za-z_$][\w$-]*$/.test(name);
      if (plain) described += described === '' ? name : `.${name}`;
      else described += `[${JSON.stringify(name)}]`;
    }
  }
  return described;
}

function keyMatches(key: unknown, segment: string | number): boolean {
  const value = isScalar(key) ? key.value : key;
  return String(value) === String(segment);
}

/** `key:` with nothing after it: an empty null scalar positioned after the colon. */
function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null && node.range != null && node.range[0] === node.range[1];
}

interface Located {
  /** The deepest node reached along the path. */
  node: Node | undefined;
  /** The key node of the mapping entry that holds `node`, when the last step was a mapping key. */
  key: Node | undefined;
  /** Whether the whole path was found. */
  complete: boolean;
}

function walk(document: Document, path: SourcePath): Located {
  let node: Node | undefined = document.contents ?? undefined;
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyMatches(item.key, segment));
      if (!pair) return { node, key, complete: false };
      key = (pair.key as Node | null) ?? undefined;
      const value = (pair.value as Node | null) ?? undefined;
      if (!value || isEmptyScalar(value)) return { node: key, key, complete: true };
      node = value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | null | undefined;
      if (!item) return { node, key, complete: false };
      key = undefined;
      node = item;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function positionOf(lineCounter: LineCounter, node: Node | undefined): SourcePosition {
  const offset = node?.range?.[0];
  if (offset === undefined) return documentStart;
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

/**
 * Parses `text` (read from `file`, used only in messages). Throws OURO_YAML_SYNTAX with details
 * `{file, line, column}` on the first syntax error, duplicate key or unresolvable alias.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    throw syntaxError(file, { line: position.line, column: position.col }, first.message, first);
  }
  let value: unknown;
  try {
    // maxAliasCount guards against "billion laughs" documents.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw syntaxError(file, documentStart, message, cause);
  }
  return {
    file,
    value,
    document,
    locate(path) {
      return positionOf(lineCounter, walk(document, path).node);
    },
    locateKey(path) {
      const located = walk(document, path);
      if (located.complete && located.key) return positionOf(lineCounter, located.key);
      return positionOf(lineCounter, located.node);
    },
  };
}

function syntaxError(file: string, position: SourcePosition, message: string, cause: unknown): OuroError {
  return new OuroError(
    'OURO_YAML_SYNTAX',
    { file, line: position.line, column: position.column, message },
    { details: { file, line: position.line, column: position.column }, cause },
  );
}
