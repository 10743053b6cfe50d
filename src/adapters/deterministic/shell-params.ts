/**
 * The `with:` of the shell adapter. A command given as one string is a shell command line and
 * therefore needs an explicit `shell: true`; the default is an argv list run without a shell.
 */
import { z } from 'zod';
import { artifactPathSchema, projectPathSchema } from '../process/workflow-paths.js';

export const shellParamsSchema = z
  .object({
    command: z.union([
      z.array(z.string()).min(1, 'the argv list needs at least the program'),
      z.string().min(1),
    ]),
    shell: z.boolean().default(false),
    env: z.record(z.string(), z.string()).default({}),
    cwd: projectPathSchema.optional(),
    timeout_seconds: z.number().positive().optional(),
    stdout_artifact: artifactPathSchema.optional(),
    stderr_artifact: artifactPathSchema.optional(),
    allow_failure: z.boolean().default(false),
    inputs: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .superRefine((params, context) => {
    if (typeof params.command === 'string' && !params.shell) {
      context.addIssue({
        code: 'custom',
        path: ['command'],
        message:
          'a command given as one string runs through a shell: add `shell: true`, or give the command as a list ["program", "arg", …] to run it without a shell',
      });
    }
  });

export type ShellParams = z.output<typeof shellParamsSchema>;
