/**
 * One tree-sitter parser per language for the whole process: the wasm runtime and each grammar load
 * once (tens of milliseconds each) and are reused by every `buildContext` call. Grammars load one at
 * a time: web-tree-sitter links each grammar into one shared wasm module, and two loads at once
 * corrupt each other's symbol resolution ("bad export type for …_external_scanner_create").
 */
import type Parser from 'web-tree-sitter';
import { grammarPath, type SourceLanguage } from './source-language.js';

type ParserClass = typeof Parser;

let runtime: Promise<ParserClass> | undefined;
let loadChain: Promise<unknown> = Promise.resolve();
const parsers = new Map<SourceLanguage, Promise<Parser>>();

async function loadRuntime(): Promise<ParserClass> {
  const module = (await import('web-tree-sitter')) as unknown as { default: ParserClass };
  await module.default.init();
  return module.default;
}

async function createParser(language: SourceLanguage): Promise<Parser> {
  runtime ??= loadRuntime();
  const ParserRuntime = await runtime;
  const loaded = await ParserRuntime.Language.load(grammarPath(language));
  const instance = new ParserRuntime();
  instance.setLanguage(loaded);
  // A pathological file must not stall the whole build; a timed-out parse counts as a parse failure.
  instance.setTimeoutMicros(2_000_000);
  return instance;
}

export function parserFor(language: SourceLanguage): Promise<Parser> {
  let parser = parsers.get(language);
  if (parser === undefined) {
    parser = loadChain.then(() => createParser(language));
    loadChain = parser.catch(() => undefined);
    // A failed load is not kept, so a later call retries (and reports its own error).
    parser.catch(() => parsers.delete(language));
    parsers.set(language, parser);
  }
  return parser;
}
