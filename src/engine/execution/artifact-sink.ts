/**
 * Artifacts of a run live under `.ouro/runs/<run>/artifacts/`. Workflow paths (`artifacts/x.json`)
 * resolve there and nowhere else: `..`, absolute paths and other roots are refused.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactRecord, ArtifactSink } from '../../adapters/types.js';
import { OuroError } from '../../errors/index.js';

export function normalizeArtifactPath(workflowPath: string): string {
  const normalized = path.posix.normalize(workflowPath.replaceAll('\\', '/'));
  if (
    workflowPath.includes('\0') ||
    !normalized.startsWith('artifacts/') ||
    normalized === 'artifacts/' ||
    normalized.split('/').includes('..') ||
    path.posix.isAbsolute(normalized)
  ) {
    throw new OuroError('OURO_ARTIFACT_PATH_INVALID', { path: workflowPath });
  }
  return normalized;
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function createArtifactSink(runDir: string, emits: string[]): ArtifactSink {
  const resolve = (workflowPath: string): string => path.join(runDir, normalizeArtifactPath(workflowPath));
  return {
    runDir,
    resolve,
    async write(workflowPath, content) {
      const target = resolve(workflowPath);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      return { path: normalizeArtifactPath(workflowPath), size: bytes.byteLength, sha256: sha256Hex(bytes) };
    },
    async record(workflowPath): Promise<ArtifactRecord> {
      let content: Buffer;
      try {
        content = await readFile(resolve(workflowPath));
      } catch (error) {
        throw new OuroError('OURO_ARTIFACT_NOT_FOUND', { path: workflowPath }, { cause: error });
      }
      return {
        path: normalizeArtifactPath(workflowPath),
        size: content.byteLength,
        sha256: sha256Hex(content),
      };
    },
    primary(fallback, extension) {
      const declared = emits.find((emitted) => extension === undefined || emitted.endsWith(extension));
      return declared ?? fallback;
    },
  };
}
