import { describe, expect, it } from 'vitest';
import { taskMentions } from './task-mentions.js';

describe('taskMentions', () => {
  it('finds paths, code identifiers and plain words, keeping path segments out of the words', () => {
    const mentions = taskMentions(
      'Fix `retry` in ./src/models/retry-policy.ts and open-store.ts: ModelGateway calls run_step, see v1.2 budget.',
    );
    expect(mentions.paths).toEqual(['src/models/retry-policy.ts', 'open-store.ts']);
    expect(mentions.identifiers).toEqual(expect.arrayContaining(['retry', 'ModelGateway', 'run_step']));
    expect(mentions.words).toContain('budget');
    expect(mentions.words).toContain('calls');
    expect(mentions.words).not.toContain('models');
    expect(mentions.words).not.toContain('fix');
    expect(mentions.paths).not.toContain('1.2');
  });
});
