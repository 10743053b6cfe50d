/**
 * GitHub Actions job logs are the whole job: set-up, checkout, caches, every step. A fix needs the
 * failing step only. A step's section starts at `##[group]Run …`; a failure is marked `##[error]`.
 */
const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
const stepStart = /^##\[group\]Run (.*)$/;

export interface TrimmedLog {
  /** The `Run …` line of the failing step, or the job's failed step name. */
  step: string | null;
  log: string;
}

export function trimJobLog(
  raw: string,
  options: { failedStep?: string | null; maxBytes: number },
): TrimmedLog {
  const lines = raw.split(/\r?\n/).map((line) => line.replace(timestamp, ''));
  const sections: Array<{ title: string | null; start: number; end: number }> = [];
  lines.forEach((line, index) => {
    const match = stepStart.exec(line);
    if (match !== null || index === 0) {
      const previous = sections.at(-1);
      if (previous !== undefined) previous.end = index;
      sections.push({ title: match?.[1] ?? null, start: index, end: lines.length });
    }
  });
  // The section with the first error wins; without any, the last step that ran (where a job stops).
  const failing =
    sections.find((section) =>
      lines.slice(section.start, section.end).some((line) => line.startsWith('##[error]')),
    ) ?? sections.at(-1);
  const kept = failing === undefined ? lines : lines.slice(failing.start, failing.end);
  return {
    step: options.failedStep ?? failing?.title ?? null,
    log: keepTail(kept.join('\n').trimEnd(), options.maxBytes),
  };
}

/** The end of a log says why it failed: when too long, drop from the front, at a line boundary. */
function keepTail(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const tail = bytes.subarray(bytes.length - maxBytes).toString('utf8');
  const firstBreak = tail.indexOf('\n');
  return `[… ${bytes.length - maxBytes} bytes trimmed …]\n${firstBreak === -1 ? tail : tail.slice(firstBreak + 1)}`;
}
