/**
 * What a task text points at: path-like tokens (`src/store/open-store.ts`, `open-store.ts`,
 * `src/store/open-store`), code identifiers (`openStore`, `run_workflow`, `ModelGateway`, anything in
 * backticks) and plain words that may name a file (`budget`, `ledger`). Plain words are weak signals;
 * stop words and very short words are dropped.
 */

export interface TaskMentions {
  /** Path-like tokens, without leading `./`. */
  paths: string[];
  /** Identifiers that look like code (mixed case, underscores, backticks). */
  identifiers: string[];
  /** Lower-case plain words (≥ 4 letters), matched against path segments and symbol names. */
  words: string[];
}

const stopWords = new Set(
  (
    'about above after again against also because been before being below between both cannot could ' +
    'does doing down during each every file files from further have having here into itself just more ' +
    'most must need only other over same should some such than that their them then there these they ' +
    'this those through under until very were what when where which while will with would your make ' +
    'sure code change changes update fix add remove when test tests please function class method use used'
  ).split(' '),
);

const pathPattern = /(?:[\w@.-]+\/)+[\w@.-]+|[\w@-]+\.[A-Za-z][\w]{0,9}\b/g;
const wordPattern = /[A-Za-z_$][\w$]*/g;
const backtickPattern = /`([^`\n]+)`/g;

function looksLikeCode(word: string): boolean {
  return /[a-z][A-Z]|_|\$|^[A-Z][a-z0-9]+[A-Z]/.test(word);
}

export function taskMentions(task: string): TaskMentions {
  const paths = new Set<string>();
  for (const match of task.matchAll(pathPattern)) {
    const token = match[0].replace(/^\.\//, '').replace(/[.,:;]+$/, '');
    // Version numbers and sentence ends (`e.g`, `v1.2`) are not paths.
    if (/^[\d.]+$/.test(token) || token.length < 3) continue;
    paths.add(token);
  }
  const identifiers = new Set<string>();
  for (const match of task.matchAll(backtickPattern)) {
    for (const word of match[1]!.matchAll(wordPattern)) {
      if (word[0].length >= 3) identifiers.add(word[0]);
    }
  }
  const words = new Set<string>();
  // The segments of a mentioned path are not separate mentions: `src/models/x.ts` does not make
  // every file under src/ or models/ relevant.
  const prose = task.replace(pathPattern, ' ');
  for (const match of prose.matchAll(wordPattern)) {
    const word = match[0];
    if (looksLikeCode(word)) identifiers.add(word);
    const lower = word.toLowerCase();
    if (lower.length >= 4 && !stopWords.has(lower) && /^[a-z]+$/.test(lower)) words.add(lower);
  }
  return { paths: [...paths], identifiers: [...identifiers], words: [...words] };
}
