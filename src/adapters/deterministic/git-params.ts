/**
 * The `with:` of the git adapter, one shape per action. Revisions and names may not start with `-`
 * so that they can never be read as options.
 */
import { z } from 'zod';
import { artifactPathSchema, projectPathSchema } from '../process/workflow-paths.js';

const revisionSchema = z
  .string()
  .min(1)
  .refine((value) => !value.startsWith('-'), { message: 'must not start with "-"' });

export const gitParamsSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('status') }).strict(),
  z
    .object({
      action: z.literal('diff'),
      base: revisionSchema.optional(),
      paths: z.array(projectPathSchema).optional(),
      patch_artifact: artifactPathSchema.optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('create_branch'),
      name: revisionSchema,
      from: revisionSchema.optional(),
      checkout: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      action: z.literal('commit'),
      message: z.string().trim().min(1, 'a commit needs a message'),
      add: z.union([z.literal('all'), z.array(projectPathSchema).min(1)]).default('all'),
      allow_empty: z.boolean().default(false),
    })
    .strict(),
  z.object({ action: z.literal('checkout'), ref: revisionSchema }).strict(),
  z
    .object({
      action: z.literal('merge'),
      /** The branch (or any revision) whose commits are merged. */
      branch: revisionSchema,
      /** The branch that receives them; it must be checked out in the project. Default: the current branch. */
      into: revisionSchema.optional(),
      /** `merge`: a merge commit (`--no-ff`); `squash`: one ordinary commit with the whole change. */
      method: z.enum(['merge', 'squash']).default('merge'),
      message: z.string().trim().min(1).optional(),
    })
    .strict(),
]);

export type GitParams = z.output<typeof gitParamsSchema>;

export type GitParamsOf<A extends GitParams['action']> = Extract<GitParams, { action: A }>;
