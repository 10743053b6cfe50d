/** The clock and sleep the models layer waits with; injectable so rate-limit and retry tests need no real time. */
import { setTimeout as delay } from 'node:timers/promises';

export interface Timing {
  /** Epoch milliseconds. */
  now: () => number;
  /** Resolves after `milliseconds`; rejects with the signal's reason when aborted. */
  sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

export const systemTiming: Timing = {
  now: () => Date.now(),
  sleep: async (milliseconds, signal) => {
    if (milliseconds <= 0) {
      signal?.throwIfAborted();
      return;
    }
    await delay(milliseconds, undefined, signal === undefined ? {} : { signal });
  },
};
