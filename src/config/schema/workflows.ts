/** `workflows`: where workflows live, which environment variables steps see, parallelism and caching. */
import { z } from 'zod';

export const defaultEnvAllowlist = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM', 'TMPDIR', 'CI', 'NODE_OPTIONS'];

export const workflowsSchema = z
  .strictObject({
    dir: z
      .string()
      .min(1)
      .default('.ai/workflows')
      .describe('Workflow directory, relative to the project root'),
    env_allowlist: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'))
      .default(defaultEnvAllowlist)
      .describe('Environment variables passed to steps; everything else is withheld'),
    max_parallel: z.int().positive().default(4).describe('Upper bound on steps running at once'),
    cache: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Reuse results of steps whose inputs did not change'),
      })
      .prefault({}),
  })
  .prefault({});
