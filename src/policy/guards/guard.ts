/** The contract every guard implements: read the parsed diff and the safety settings, return findings. */
import type { OuroConfig } from '../../config/index.js';
import type { DiffFile } from './diff-types.js';
import type { Finding } from './finding.js';

export type SafetySettings = OuroConfig['safety'];

export interface Guard {
  name: string;
  check(files: readonly DiffFile[], safety: SafetySettings): Finding[];
}
