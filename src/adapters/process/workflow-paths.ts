/**
 * Path rules shared by the adapters that take paths in `with:`: artifact paths stay under
 * `artifacts/` of the run, project paths stay inside the project directory. Checked at verify time
 * by the Zod schemas and again at run time (the project directory is only known then).
 */
import path from 'node:path';
import { z } from 'zod';
import { OuroError } from '../../errors/index.js';

export function isArtifactPath(value: string): boolean {
  if (path.isAbsolute(value) || value.includes('\0') || value.includes('\\')) return false;
  const normalized = path.posix.normalize(value);
  return (
    normalized.startsWith('artifacts/') &&
    normalized !== 'artifacts/' &&
    !normalized.split('/').includes('..')
  );
}

export const artifactPathSchema = z.string().refine(isArtifactPath, {
  message: 'must be a relative path under artifacts/ (for example artifacts/out.txt)',
});

export function isProjectRelativePath(value: string): boolean {
  if (value === '' || path.isAbsolute(value) || value.includes('\0')) return false;
  const normalized = path.posix.normalize(value.replaceAll('\\', '/'));
  return normalized !== '..' && !normalized.startsWith('../');
}

export const projectPathSchema = z
  .string()
  .refine(isProjectRelativePath, { message: 'must be a relative path inside the project directory' });

/** Resolves a project-relative path, refusing anything that lands outside the project. */
export function resolveInsideProject(projectDir: string, relative: string): string {
  const root = path.resolve(projectDir);
  const resolved = path.resolve(root, relative);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    throw new OuroError('OURO_ADAPTER_PARAMS_INVALID', {
      adapter: 'path',
      reason: `"${relative}" points outside the project directory`,
    });
  }
  return resolved;
}
