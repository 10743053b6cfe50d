/**
 * Cuts a byte stream into text lines for RunProcessOptions.onStdoutLine. Bytes are decoded with a
 * StringDecoder so a UTF-8 character split across two chunks stays whole; `\r\n` ends a line like
 * `\n`. A listener that throws must not break the process runner, so its errors are swallowed here
 * (the listener owns its own error handling).
 */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const parts = (this.pending + this.decoder.write(chunk)).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) this.deliver(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Delivers a last line that had no newline. */
  end(): void {
    this.pending += this.decoder.end();
    if (this.pending.length > 0) this.deliver(this.pending);
    this.pending = '';
  }

  private deliver(line: string): void {
    try {
      this.onLine(line);
    } catch {
      // See the module header: the runner keeps going whatever the listener does.
    }
  }
}
