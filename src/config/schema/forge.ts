/** `forge`: where issues and pull requests live. `local` is the embedded tracker; `github` needs a token. */
import { z } from 'zod';

export const forgeTypes = ['local', 'github'] as const;

const githubSchema = z.strictObject({
  owner: z.string().min(1).describe('Repository owner (user or organisation)'),
  repo: z.string().min(1).describe('Repository name'),
  token_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .default('GITHUB_TOKEN')
    .describe('Name of the environment variable holding the token (never the token itself)'),
  api_url: z
    .url()
    .default('https://api.github.com')
    .describe('REST API base URL (GitHub Enterprise: https://host/api/v3)'),
});

export const forgeSchema = z
  .strictObject({
    type: z.enum(forgeTypes).default('local'),
    github: githubSchema.optional(),
  })
  .superRefine((forge, context) => {
    if (forge.type === 'github' && forge.github === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['github'],
        message: 'forge.type is github but forge.github (owner, repo) is missing',
      });
    }
  })
  .prefault({});
