/**
 * The artifacts of an agent step: the patch (`artifacts/<step>.patch`), the transcript
 * (`artifacts/<step>.transcript.jsonl`: the agent's JSON lines as it printed them, other lines
 * wrapped as `{"type":"text","text":…}` so every line is JSON) and its stderr when it printed any.
 */
import type { ArtifactRecord, StepContext } from '../types.js';
import { parseJsonLine } from './agent-session.js';

/** Past this the transcript keeps its head and notes what it dropped (the patch is never cut). */
export const transcriptMaxBytes = 20 * 1024 * 1024;

export class TranscriptRecorder {
  private readonly lines: string[] = [];
  private bytes = 0;
  private dropped = 0;

  add(line: string): void {
    if (line.trim() === '') return;
    const entry =
      parseJsonLine(line) === undefined ? JSON.stringify({ type: 'text', text: line }) : line.trim();
    if (this.bytes + entry.length > transcriptMaxBytes) {
      this.dropped += 1;
      return;
    }
    this.bytes += entry.length + 1;
    this.lines.push(entry);
  }

  text(): string {
    const lines =
      this.dropped === 0
        ? this.lines
        : [...this.lines, JSON.stringify({ type: 'ouro_truncated', dropped_lines: this.dropped })];
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}

export interface AgentArtifactPaths {
  patch: string;
  transcript: string;
  stderr: string;
}

export function agentArtifactPaths(context: StepContext): AgentArtifactPaths {
  return {
    patch: context.artifacts.primary(`artifacts/${context.stepId}.patch`, '.patch'),
    transcript: context.artifacts.primary(`artifacts/${context.stepId}.transcript.jsonl`, '.jsonl'),
    stderr: `artifacts/${context.stepId}.stderr.txt`,
  };
}

export async function writeAgentArtifacts(
  context: StepContext,
  paths: AgentArtifactPaths,
  content: { patch: string; transcript: string; stderr: string },
): Promise<ArtifactRecord[]> {
  const records = [
    await context.artifacts.write(paths.patch, content.patch),
    await context.artifacts.write(paths.transcript, content.transcript),
  ];
  if (content.stderr.trim() !== '') records.push(await context.artifacts.write(paths.stderr, content.stderr));
  return records;
}
