import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  it('joins a UTF-8 character split across chunks and lines split across chunks', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const bytes = Buffer.from('héllo\nwörld\r\nend', 'utf8');
    for (let index = 0; index < bytes.length; index += 1) splitter.push(bytes.subarray(index, index + 1));
    expect(lines).toEqual(['héllo', 'wörld']);
    splitter.end();
    expect(lines).toEqual(['héllo', 'wörld', 'end']);
  });

  it('delivers empty lines and nothing extra at the end after a final newline', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('a\n\nb\n'));
    splitter.end();
    expect(lines).toEqual(['a', '', 'b']);
  });
});
