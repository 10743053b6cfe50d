import { OuroError } from '../../errors/index.js';

interface RequestFailure {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as RequestFailure | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Wraps a failed Octokit request in OURO_GITHUB_REQUEST_FAILED with what it needed, keeping the
 * original as the cause. The token never appears: Octokit redacts the authorization header.
 */
export function githubRequestFailed(
  error: unknown,
  context: { owner: string; repo: string; need: string },
): OuroError {
  if (error instanceof OuroError) return error;
  const failure = (error ?? {}) as RequestFailure;
  return new OuroError(
    'OURO_GITHUB_REQUEST_FAILED',
    {
      status: failure.status ?? 'no answer',
      method: failure.request?.method ?? 'request',
      route: (failure.request?.url ?? '').replace(/^https?:\/\/[^/]+/, ''),
      reason: failure.message ?? String(error),
      owner: context.owner,
      repo: context.repo,
      need: context.need,
    },
    { cause: error },
  );
}
