/**
 * The subset of .gitignore semantics the directory walk needs when the project is not a git
 * repository: comments, negation, directory-only patterns, anchored patterns, and nested .gitignore
 * files applying below their directory, the last matching rule winning. Ignored directories are
 * pruned by the walk, which is also why a negation cannot re-include a file below one (as in git).
 */
import picomatch from 'picomatch';

interface Rule {
  matches: (relativePath: string) => boolean;
  negated: boolean;
  directoryOnly: boolean;
}

export class GitignoreRules {
  private readonly rules: Rule[] = [];

  /** Adds the rules of a .gitignore found in `directory` (relative to the root, '' for the root). */
  add(directory: string, text: string): void {
    for (const rawLine of text.split(/\r?\n/)) {
      let line = rawLine.replace(/(?<!\\)\s+$/, '');
      if (line === '' || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      if (negated) line = line.slice(1);
      line = line.replace(/^\\([#!])/, '$1');
      const directoryOnly = line.endsWith('/');
      if (directoryOnly) line = line.slice(0, -1);
      if (line === '') continue;
      // A slash at the start or in the middle anchors the pattern to the .gitignore's directory.
      const anchored = line.includes('/');
      const pattern = anchored ? line.replace(/^\//, '') : `**/${line}`;
      const prefix = directory === '' ? '' : `${directory}/`;
      const matcher = picomatch(`${prefix}${pattern}`, { dot: true });
      this.rules.push({ matches: matcher, negated, directoryOnly });
    }
  }

  ignores(relativePath: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.matches(relativePath)) ignored = !rule.negated;
    }
    return ignored;
  }
}
