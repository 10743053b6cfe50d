/**
 * The `files` parameter shared by the analyzers: one path or glob, or a list. Entries may not start
 * with `-`, so a value coming from a workflow input can never be read by the tool as an option.
 */
import { z } from 'zod';

const fileEntrySchema = z
  .string()
  .min(1)
  .refine((value) => !value.startsWith('-'), {
    message: 'must not start with "-" (it would be read as an option)',
  });

export const fileListSchema = z.union([fileEntrySchema, z.array(fileEntrySchema).min(1)]);

export type FileList = z.infer<typeof fileListSchema>;

export function fileListArgs(files: FileList): string[] {
  return typeof files === 'string' ? [files] : [...files];
}
