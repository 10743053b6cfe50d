/** A clock for tests: `sleep` records the wait and moves the clock forward instead of waiting. */
import type { Timing } from '../timing.js';

export class ManualTiming implements Timing {
  readonly sleeps: number[] = [];

  constructor(private current: number = 1_700_000_000_000) {}

  now = (): number => this.current;

  sleep = (milliseconds: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    this.sleeps.push(milliseconds);
    this.current += Math.max(0, milliseconds);
    return Promise.resolve();
  };

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
