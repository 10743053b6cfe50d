/**
 * Collects one output stream of a child under a byte cap. Below the cap everything is kept; beyond
 * it the first and last halves are kept with a marker between them, because the head says what
 * started and the tail says how it ended. The cut may split a multi-byte character (shown as �).
 */
export interface CappedOutput {
  text: string;
  truncated: boolean;
  totalBytes: number;
}

export class OutputBuffer {
  private readonly limit: number;
  private chunks: Buffer[] = [];
  private keptBytes = 0;
  private totalBytes = 0;
  private head: Buffer | undefined;
  private tail: Buffer = Buffer.alloc(0);

  constructor(limit: number) {
    this.limit = Math.max(0, Math.floor(limit));
  }

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (this.head === undefined) {
      this.chunks.push(chunk);
      this.keptBytes += chunk.length;
      if (this.keptBytes <= this.limit) return;
      // Crossing the cap: freeze the head, keep a rolling tail from here on.
      const all = Buffer.concat(this.chunks);
      const headBytes = Math.ceil(this.limit / 2);
      this.head = all.subarray(0, headBytes);
      this.tail = all.subarray(all.length - (this.limit - headBytes));
      this.chunks = [];
      return;
    }
    const tailBytes = this.limit - this.head.length;
    if (tailBytes === 0) return;
    const joined = Buffer.concat([this.tail, chunk]);
    this.tail = joined.subarray(Math.max(0, joined.length - tailBytes));
  }

  result(): CappedOutput {
    if (this.head === undefined) {
      return {
        text: Buffer.concat(this.chunks).toString('utf8'),
        truncated: false,
        totalBytes: this.totalBytes,
      };
    }
    const dropped = this.totalBytes - this.head.length - this.tail.length;
    const marker = `\n…[${dropped} bytes truncated]…\n`;
    return {
      text: this.head.toString('utf8') + marker + this.tail.toString('utf8'),
      truncated: true,
      totalBytes: this.totalBytes,
    };
  }
}
