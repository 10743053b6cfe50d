/**
 * A private subclass of jsep's parser that (1) records start/end offsets on every node so errors and
 * verify problems can point at a column, (2) accepts `name=value` keyword arguments directly inside a
 * call's parentheses and nowhere else, and (3) refuses optional chaining. It does not change jsep's
 * global operator tables, so other users of jsep in the process are unaffected; the result is jsep's
 * loose tree, which `parse-expression.ts` narrows to the language's own AST.
 */
import jsep from 'jsep';

export interface RawNode {
  type: string;
  start?: number;
  end?: number;
  [key: string]: unknown;
}

/** The error shape jsep throws: an Error with the offending index. */
export interface JsepError extends Error {
  index: number;
  description: string;
}

export function isJsepError(value: unknown): value is JsepError {
  return value instanceof Error && typeof (value as Partial<JsepError>).index === 'number';
}

type MaybeNode = RawNode | false | undefined;

// The parts of jsep's (untyped) parser class this module uses or overrides.
interface JsepParser {
  expr: string;
  index: number;
  readonly code: number;
  readonly char: string;
  parse(): RawNode;
  gobbleSpaces(): void;
  gobbleExpression(): MaybeNode;
  gobbleToken(): MaybeNode;
  gobbleTokenProperty(node: RawNode): RawNode;
  gobbleIdentifier(): RawNode;
  gobbleArguments(termination: number): Array<RawNode | null>;
  throwError(message: string): never;
}

type JsepParserConstructor = new (expression: string) => JsepParser;

const JsepBase = (jsep as unknown as { Jsep: JsepParserConstructor }).Jsep;

const PERIOD = 46;
const COMMA = 44;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUESTION_MARK = 63;

const keywordPattern = /[A-Za-z_][A-Za-z0-9_]*[ \t\r\n]*=(?!=)/y;

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function locate(node: RawNode, start: number, end: number): void {
  if (node.start === undefined) {
    node.start = start;
    node.end = end;
  }
}

class LocatingParser extends JsepBase {
  private readonly tokenStarts: number[] = [];

  /** The current index without the whitespace jsep has already skipped after a token. */
  private endBefore(start: number): number {
    let end = this.index;
    while (end > start && isSpace(this.expr.charCodeAt(end - 1))) end--;
    return end;
  }

  override gobbleToken(): MaybeNode {
    this.gobbleSpaces();
    const start = this.index;
    this.tokenStarts.push(start);
    let node: MaybeNode;
    try {
      node = super.gobbleToken();
    } finally {
      this.tokenStarts.pop();
    }
    if (node) locate(node, start, this.endBefore(start));
    return node;
  }

  // A copy of jsep's member/call loop that records spans, without optional chaining.
  override gobbleTokenProperty(base: RawNode): RawNode {
    const start = this.tokenStarts[this.tokenStarts.length - 1] ?? this.index;
    locate(base, start, this.index);
    let node = base;
    this.gobbleSpaces();
    let code = this.code;
    while (code === PERIOD || code === OPEN_BRACKET || code === OPEN_PAREN || code === QUESTION_MARK) {
      if (code === QUESTION_MARK) {
        // A lone `?` is the ternary operator, left to jsep (and rejected later with a clear message).
        if (this.expr.charCodeAt(this.index + 1) !== PERIOD) break;
        this.throwError('Optional chaining "?." is not supported');
      }
      this.index++;
      if (code === OPEN_BRACKET) {
        const property = this.gobbleExpression();
        if (!property) this.throwError(`Unexpected "${this.char}"`);
        this.gobbleSpaces();
        if (this.code !== CLOSE_BRACKET) this.throwError('Unclosed [');
        this.index++;
        node = { type: 'MemberExpression', computed: true, object: node, property, start, end: this.index };
      } else if (code === OPEN_PAREN) {
        const callArguments = this.gobbleArguments(CLOSE_PAREN);
        node = { type: 'CallExpression', arguments: callArguments, callee: node, start, end: this.index };
      } else {
        this.gobbleSpaces();
        const propertyStart = this.index;
        const property = this.gobbleIdentifier();
        locate(property, propertyStart, this.index);
        node = { type: 'MemberExpression', computed: false, object: node, property, start, end: this.index };
      }
      this.gobbleSpaces();
      code = this.code;
    }
    return node;
  }

  // Call arguments, with `name=value` keyword arguments; arrays keep jsep's own handling.
  override gobbleArguments(termination: number): Array<RawNode | null> {
    if (termination !== CLOSE_PAREN) return super.gobbleArguments(termination);
    const callArguments: RawNode[] = [];
    let expectingArgument = true;
    while (this.index < this.expr.length) {
      this.gobbleSpaces();
      const code = this.code;
      if (code === CLOSE_PAREN) {
        if (callArguments.length > 0 && expectingArgument) this.throwError('Unexpected token )');
        this.index++;
        return callArguments;
      }
      if (code === COMMA) {
        if (expectingArgument) this.throwError('Unexpected token ,');
        this.index++;
        expectingArgument = true;
        continue;
      }
      if (!expectingArgument) this.throwError('Expected comma');
      if (this.index >= this.expr.length) break;
      callArguments.push(this.gobbleArgument());
      expectingArgument = false;
    }
    return this.throwError('Expected )');
  }

  private gobbleArgument(): RawNode {
    const start = this.index;
    keywordPattern.lastIndex = start;
    const keyword = keywordPattern.exec(this.expr);
    if (keyword) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(keyword[0])?.[0] ?? '';
      this.index += keyword[0].length;
      const value = this.gobbleExpression();
      if (!value) this.throwError(`Expected a value after ${name}=`);
      return { type: 'KeywordArgument', name, value, start, end: this.endBefore(start) };
    }
    const node = this.gobbleExpression();
    if (!node || node.type === 'Compound') this.throwError('Expected comma');
    return node;
  }
}

/** Parses with jsep; throws jsep's own errors (see `isJsepError`). */
export function parseWithJsep(source: string): RawNode {
  return new LocatingParser(source).parse();
}
