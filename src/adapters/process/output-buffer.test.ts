import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output-buffer.js';

describe('OutputBuffer', () => {
  it('keeps everything up to the cap', () => {
    const buffer = new OutputBuffer(10);
    buffer.push(Buffer.from('hello'));
    buffer.push(Buffer.from('world'));
    expect(buffer.result()).toEqual({ text: 'helloworld', truncated: false, totalBytes: 10 });
  });

  it('keeps the head and the tail beyond the cap, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\n'), maxLength: 50 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 200 }),
        (chunks, limit) => {
          const buffer = new OutputBuffer(limit);
          for (const chunk of chunks) buffer.push(Buffer.from(chunk));
          const whole = chunks.join('');
          const result = buffer.result();
          expect(result.totalBytes).toBe(whole.length);
          if (whole.length <= limit) {
            expect(result).toEqual({ text: whole, truncated: false, totalBytes: whole.length });
            return;
          }
          expect(result.truncated).toBe(true);
          const headBytes = Math.ceil(limit / 2);
          const tailBytes = limit - headBytes;
          const marker = `\n…[${whole.length - limit} bytes truncated]…\n`;
          expect(result.text).toBe(
            whole.slice(0, headBytes) + marker + whole.slice(whole.length - tailBytes),
          );
        },
      ),
    );
  });
});
