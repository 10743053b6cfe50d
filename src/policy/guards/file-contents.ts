/**
 * Whole-file contents on both sides of a diff, for the guards that need more than the changed lines
 * (complexity, removed public API). The app supplies them from git; a bare diff file has none.
 */
import type { DiffFile } from './diff-types.js';
import type { Finding } from './finding.js';
import type { SafetySettings } from './guard.js';

export interface FileContents {
  /** The file at the base of the change; undefined when it did not exist or cannot be read. */
  before(path: string): Promise<string | undefined>;
  /** The file after the change; undefined when it does not exist or cannot be read. */
  after(path: string): Promise<string | undefined>;
}

/** A guard that reads file contents: asynchronous, and only run when contents are available. */
export interface ContentGuard {
  name: string;
  check(files: readonly DiffFile[], safety: SafetySettings, contents: FileContents): Promise<Finding[]>;
}
