/**
 * The material an AI step puts in its first prompt besides the task: the repository context (see
 * repository-context.ts), artifacts of the run (CI logs, diagnostics) and the focus files, each
 * marked as data and capped in size so a large log or a broad glob cannot fill the context window.
 */
import type { StepContext } from '../types.js';
import { filterByGlobs, listWorkspaceFiles, readFocusFiles, renderFocusFiles } from './workspace-files.js';

export interface PromptMaterialOptions {
  instructions: string;
  contextArtifacts: readonly string[];
  globs: readonly string[];
  maxChars: number;
  /** 'contents' puts the focus files in the prompt; 'names' only lists them (the agent reads them itself). */
  focus: 'contents' | 'names';
  /** The repository context section, placed right after the task; absent when disabled or empty. */
  repositoryContext?: string | undefined;
  /** Focus files the repository context already shows in full: their contents are not repeated. */
  shownInFull?: ReadonlySet<string> | undefined;
}

const maxListedFocusFiles = 200;

export async function promptMaterial(options: PromptMaterialOptions, context: StepContext): Promise<string> {
  const sections = [`Task:\n${options.instructions}`];
  if (options.repositoryContext !== undefined) sections.push(options.repositoryContext);
  let budget = options.maxChars;
  for (const artifact of options.contextArtifacts) {
    const text = (await context.readArtifact(artifact)) ?? '(this artifact does not exist in the run)';
    const kept = text.slice(0, Math.max(0, budget));
    budget -= kept.length;
    const truncated = kept.length < text.length ? ' truncated="true"' : '';
    sections.push(`<artifact path="${artifact}"${truncated}>\n${kept}\n</artifact>`);
  }
  if (options.globs.length === 0) return sections.join('\n\n');
  const files = filterByGlobs(
    await listWorkspaceFiles(context.workDir, context.env, context.signal),
    options.globs,
  );
  if (files.length === 0) {
    sections.push(`No file matches ${options.globs.join(', ')}.`);
  } else if (options.focus === 'names') {
    const shown = files.slice(0, maxListedFocusFiles);
    const more = files.length > shown.length ? `\n… ${files.length - shown.length} more` : '';
    sections.push(`Focus on these files (${files.length}):\n${shown.join('\n')}${more}`);
  } else {
    const shown = options.shownInFull ?? new Set<string>();
    const toRead = files.filter((file) => !shown.has(file));
    if (toRead.length > 0)
      sections.push(renderFocusFiles(await readFocusFiles(context.workDir, toRead, Math.max(0, budget))));
    if (toRead.length < files.length) {
      const repeated = files.filter((file) => shown.has(file));
      sections.push(`Also in focus, shown in full in the repository context above: ${repeated.join(', ')}`);
    }
  }
  return sections.join('\n\n');
}
