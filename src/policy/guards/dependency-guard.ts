/**
 * Dependency changes: new dependencies (MEDIUM, listed by name: each is new code from outside the
 * project), changed version ranges and removed dependencies (LOW), and lock file changes (LOW).
 * Reads the diff only, so a package.json line counts as a dependency when its hunk shows it inside a
 * dependencies section, or, when the section header lies outside the hunk, when it has the shape
 * `"name": "<version range>"` and the name is not a known top-level package.json field.
 */
import type { DiffFile, DiffHunk } from './diff-types.js';
import { diffFilePath } from './diff-types.js';
import type { Finding } from './finding.js';
import type { Guard } from './guard.js';

const lockFiles =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|uv\.lock|Pipfile\.lock)$/;
const requirementsFile = /(?:^|\/)requirements[^/]*\.(?:txt|in)$/;
const npmSections = /^\s*"(dependencies|devDependencies|peerDependencies|optionalDependencies)"\s*:\s*\{/;
const otherObject = /^\s*"[^"]+"\s*:\s*\{/;
const npmEntry = /^\s*"([^"]+)"\s*:\s*"([^"]*)"/;
const versionRange = /^(?:[\^~<>=*]|\d|latest$|next$|workspace:|npm:|file:|link:|git[+:]|github:|https?:)/;
const packageJsonFields = new Set([
  'name',
  'version',
  'description',
  'main',
  'module',
  'types',
  'typings',
  'type',
  'license',
  'author',
  'homepage',
  'repository',
  'private',
  'packageManager',
  'node',
  'npm',
]);
/** A PEP 508 requirement inside a pyproject dependencies array: `"requests>=2.31",`. */
const pyprojectEntry = /^\s*"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[<>=!~;@ ].*)?"\s*,?\s*$/;
const pyprojectPoetryEntry = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*["{]/;

interface DependencyLine {
  name: string;
  spec: string;
  line: number | undefined;
}

/** Section of each package.json line in a hunk: tracked from the `"dependencies": {` lines it shows. */
function npmDependencies(hunk: DiffHunk, kind: 'added' | 'removed'): DependencyLine[] {
  const found: DependencyLine[] = [];
  let section: 'dependency' | 'other' | 'unknown' = 'unknown';
  for (const line of hunk.lines) {
    const text = line.text;
    if (npmSections.test(text)) section = 'dependency';
    else if (otherObject.test(text)) section = 'other';
    else if (/^\s*}/.test(text)) section = section === 'unknown' ? 'unknown' : 'other';
    if (line.kind !== kind) continue;
    const entry = npmEntry.exec(text);
    if (!entry) continue;
    const [, name, spec] = entry as unknown as [string, string, string];
    const looksLikeDependency = !packageJsonFields.has(name) && versionRange.test(spec);
    if (section === 'dependency' || (section === 'unknown' && looksLikeDependency)) {
      found.push({ name, spec, line: kind === 'added' ? line.newLine : line.oldLine });
    }
  }
  return found;
}

function requirementDependencies(hunk: DiffHunk, kind: 'added' | 'removed'): DependencyLine[] {
  return hunk.lines.flatMap((line) => {
    const text = line.text.trim();
    if (line.kind !== kind || text === '' || text.startsWith('#') || text.startsWith('-')) return [];
    const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(text)?.[0];
    if (!name) return [];
    return [{ name: name.toLowerCase(), spec: text, line: kind === 'added' ? line.newLine : line.oldLine }];
  });
}

function pyprojectDependencies(hunk: DiffHunk, kind: 'added' | 'removed'): DependencyLine[] {
  const found: DependencyLine[] = [];
  let poetrySection = false;
  for (const line of hunk.lines) {
    if (/^\s*\[/.test(line.text))
      poetrySection = /^\s*\[tool\.poetry\.(?:[\w.-]+\.)?dependencies\]/.test(line.text);
    if (line.kind !== kind) continue;
    const entry =
      pyprojectEntry.exec(line.text) ?? (poetrySection ? pyprojectPoetryEntry.exec(line.text) : null);
    if (!entry || entry[1] === 'python') continue;
    found.push({
      name: entry[1]!.toLowerCase(),
      spec: line.text.trim(),
      line: kind === 'added' ? line.newLine : line.oldLine,
    });
  }
  return found;
}

function extractorFor(
  path: string,
): ((hunk: DiffHunk, kind: 'added' | 'removed') => DependencyLine[]) | undefined {
  if (/(?:^|\/)package\.json$/.test(path)) return npmDependencies;
  if (requirementsFile.test(path)) return requirementDependencies;
  if (/(?:^|\/)pyproject\.toml$/.test(path)) return pyprojectDependencies;
  return undefined;
}

function checkManifest(file: DiffFile, path: string): Finding[] {
  const extract = extractorFor(path);
  if (!extract) return [];
  const added = file.hunks.flatMap((hunk) => extract(hunk, 'added'));
  const removed = file.hunks.flatMap((hunk) => extract(hunk, 'removed'));
  const removedByName = new Map(removed.map((dependency) => [dependency.name, dependency]));
  const addedNames = new Set(added.map((dependency) => dependency.name));
  const findings: Finding[] = [];
  const make = (severity: Finding['severity'], line: number | undefined, message: string): Finding => ({
    guard: 'dependencies',
    severity,
    file: path,
    line,
    message,
  });
  const newOnes = added.filter((dependency) => !removedByName.has(dependency.name));
  if (newOnes.length > 0) {
    findings.push(
      make(
        'medium',
        newOnes[0]!.line,
        `new dependencies: ${newOnes.map((dependency) => dependency.name).join(', ')}`,
      ),
    );
  }
  for (const dependency of added) {
    const before = removedByName.get(dependency.name);
    if (before && before.spec !== dependency.spec) {
      findings.push(
        make(
          'low',
          dependency.line,
          `dependency ${dependency.name} changed: ${before.spec} → ${dependency.spec}`,
        ),
      );
    }
  }
  const gone = removed.filter((dependency) => !addedNames.has(dependency.name));
  if (gone.length > 0) {
    findings.push(
      make(
        'low',
        gone[0]!.line,
        `removed dependencies: ${gone.map((dependency) => dependency.name).join(', ')}`,
      ),
    );
  }
  return findings;
}

export const dependencyGuard: Guard = {
  name: 'dependencies',
  check(files) {
    const findings: Finding[] = [];
    for (const file of files) {
      const path = diffFilePath(file);
      if (lockFiles.test(path)) {
        findings.push({
          guard: 'dependencies',
          severity: 'low',
          file: path,
          line: undefined,
          message: `lock file ${file.status}`,
        });
        continue;
      }
      findings.push(...checkManifest(file, path));
    }
    return findings;
  },
};
