/**
 * Content-addressed copies of cached artifacts (`.ouro/cache/blobs/<sha256>`), so a cache hit can
 * restore a step's artifacts into a new run even after the original run directory was removed.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export class BlobStore {
  /** Directories created by this process, so restores do not mkdir the same run directory again. */
  private readonly knownDirectories = new Set<string>();

  constructor(private readonly directory: string) {}

  pathOf(sha256: string): string {
    return path.join(this.directory, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** Saves a copy of a file under its hash. */
  async save(file: string, sha256: string): Promise<void> {
    if (await this.has(sha256)) return;
    const target = this.pathOf(sha256);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await copyFile(file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  /** Restores a blob to `target`; false when the blob is gone (the cache entry is then a miss). */
  async restore(sha256: string, target: string): Promise<boolean> {
    const directory = path.dirname(target);
    if (!this.knownDirectories.has(directory)) {
      await mkdir(directory, { recursive: true });
      this.knownDirectories.add(directory);
    }
    try {
      // A copy, not a link: a later step overwriting the artifact must not alter the cached blob.
      await copyFile(this.pathOf(sha256), target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
