/**
 * The cache key of a step: actor id, adapter version, canonical params, the step's identity and
 * declared artifacts, the content of its input files and the values of its declared env. File
 * hashes are remembered by (path, size, mtime, inode) so unchanged files are not read twice.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import type { AnyAdapter } from '../../adapters/types.js';
import type { WorkflowStep } from '../workflow/workflow-schema.js';
import { canonicalJson } from '../../store/canonical-json.js';

const alwaysIgnored = ['**/node_modules/**', '**/.git/**', '**/.ouro/**'];

export interface CacheKeyInput {
  actor: string;
  adapterVersion: string;
  stepId: string;
  emits: string[];
  params: unknown;
  projectDir: string;
  files: string[];
  envNames: string[];
  env: NodeJS.ProcessEnv;
}

export class FileHasher {
  private readonly memo = new Map<string, { signature: string; hash: string }>();

  async hash(absolutePath: string): Promise<string> {
    const info = await stat(absolutePath, { bigint: true });
    const signature = `${info.size}:${info.mtimeNs}:${info.ino}`;
    const known = this.memo.get(absolutePath);
    if (known && known.signature === signature) return known.hash;
    const hash = createHash('sha256')
      .update(await readFile(absolutePath))
      .digest('hex');
    this.memo.set(absolutePath, { signature, hash });
    return hash;
  }
}

/** A pattern without glob syntax names one file: a stat answers it without crawling the project. */
async function listInputFiles(patterns: string[], projectDir: string): Promise<string[]> {
  const literal: string[] = [];
  const globs: string[] = [];
  for (const pattern of patterns) (picomatch.scan(pattern).isGlob ? globs : literal).push(pattern);
  const files = new Set<string>();
  for (const file of literal) {
    const normalized = path.posix.normalize(file.replaceAll('\\', '/'));
    try {
      if ((await stat(path.join(projectDir, normalized))).isFile()) files.add(normalized);
      else globs.push(file);
    } catch {
      // A missing input file is part of the key as "absent".
    }
  }
  if (globs.length > 0) {
    for (const file of await glob(globs, {
      cwd: projectDir,
      ignore: alwaysIgnored,
      dot: true,
      onlyFiles: true,
      expandDirectories: false,
    })) {
      files.add(file);
    }
  }
  return [...files].sort();
}

export async function computeCacheKey(input: CacheKeyInput, hasher: FileHasher): Promise<string> {
  const files = input.files.length === 0 ? [] : await listInputFiles(input.files, input.projectDir);
  const fileHashes: Array<[string, string]> = [];
  for (const file of files) fileHashes.push([file, await hasher.hash(path.join(input.projectDir, file))]);
  const env = [...new Set(input.envNames)].sort().map((name) => [name, input.env[name] ?? null]);
  const material = canonicalJson({
    actor: input.actor,
    adapterVersion: input.adapterVersion,
    stepId: input.stepId,
    emits: input.emits,
    params: input.params,
    files: fileHashes,
    env,
  });
  return createHash('sha256').update(material).digest('hex');
}

/** The cache key of a step with validated params, or undefined when the adapter does not cache. */
export async function stepCacheKey(
  adapter: AnyAdapter,
  step: Pick<WorkflowStep, 'id' | 'emits' | 'cache'>,
  params: unknown,
  context: { projectDir: string; env: NodeJS.ProcessEnv },
  hasher: FileHasher,
): Promise<string | undefined> {
  const inputs = adapter.cacheInputs?.(params, context);
  if (!inputs) return undefined;
  return computeCacheKey(
    {
      actor: adapter.id,
      adapterVersion: adapter.version,
      stepId: step.id,
      emits: step.emits,
      params,
      projectDir: context.projectDir,
      files: [...inputs.files, ...(step.cache?.files ?? [])],
      envNames: [...inputs.env, ...(step.cache?.env ?? [])],
      env: context.env,
    },
    hasher,
  );
}
