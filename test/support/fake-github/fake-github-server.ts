/**
 * A stateful fake of the GitHub REST and GraphQL APIs on msw 2, for the GitHub forge's tests. Every
 * answer carries `x-ratelimit-*` headers and an ETag; `If-None-Match` with the current ETag gets a
 * 304 that does not spend the budget, as on GitHub. Any request no handler knows fails the test
 * (`onUnhandledRequest: 'error'`).
 */
import { createHash } from 'node:crypto';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { FakeGitHubState } from './fake-github-state.js';
import { commentJson, issueJson, pullJson } from './fake-github-json.js';
import { graphqlAnswer } from './fake-github-graphql.js';

export const fakeGitHubUrl = 'https://api.github.test';

type Params = Record<string, string | readonly string[] | undefined>;
type Handler = (input: {
  params: Params;
  url: URL;
  body: Record<string, unknown>;
}) => Response | Promise<Response>;

export interface FakeGitHub {
  state: FakeGitHubState;
  server: SetupServer;
  close(): void;
}

export function startFakeGitHub(): FakeGitHub {
  const state = new FakeGitHubState();
  const server = setupServer(...handlers(state));
  server.listen({ onUnhandledRequest: 'error' });
  return { state, server, close: () => server.close() };
}

const json = (body: JsonBodyType, status = 200) => HttpResponse.json(body, { status });
const notFound = () => json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, 404);
const number = (params: Params, key: string) => Number(params[key]);
const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);

function handlers(state: FakeGitHubState) {
  const repo = `${fakeGitHubUrl}/repos/:owner/:repo`;
  const route = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, handler: Handler) =>
    http[method](path, async ({ request, params }) => {
      const url = new URL(request.url);
      state.requests.push(`${request.method} ${url.pathname}`);
      const headers = () => ({
        'x-ratelimit-limit': String(state.rateLimit.limit),
        'x-ratelimit-remaining': String(state.rateLimit.remaining),
        'x-ratelimit-reset': String(state.rateLimit.reset),
        'x-ratelimit-resource': 'core',
      });
      if (state.secondaryRateLimitsPending > 0) {
        state.secondaryRateLimitsPending -= 1;
        return HttpResponse.json(
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          },
          { status: 403, headers: { ...headers(), 'retry-after': '1' } },
        );
      }
      const text = request.method === 'GET' || request.method === 'DELETE' ? '' : await request.text();
      const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
      const response = await handler({ params, url, body });
      const etag = request.method === 'GET' && response.status === 200 ? await etagOf(response) : undefined;
      if (etag !== undefined && request.headers.get('if-none-match') === etag) {
        return new HttpResponse(null, { status: 304, headers: { ...headers(), etag } });
      }
      state.rateLimit.remaining = Math.max(0, state.rateLimit.remaining - 1);
      const merged = new Headers(response.headers);
      for (const [key, value] of Object.entries(headers())) merged.set(key, value);
      if (etag !== undefined) merged.set('etag', etag);
      return new HttpResponse(response.body, { status: response.status, headers: merged });
    });

  const issueOf = (params: Params) => state.issues.get(number(params, 'number'));
  const pullOf = (params: Params) => {
    const issue = issueOf(params);
    return issue?.pull === undefined ? undefined : issue;
  };

  return [
    route('get', `${repo}/issues`, ({ url }) => {
      const wanted = url.searchParams.get('state') ?? 'open';
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter((label) => label !== '');
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = [...state.issues.values()].filter(
        (issue) =>
          (wanted === 'all' || issue.state === wanted) &&
          labels.every((label) => issue.labels.includes(label)),
      );
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const response = json(slice.map((issue) => issueJson(state, issue)));
      if (page * perPage < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        response.headers.set('link', `<${next.toString()}>; rel="next"`);
      }
      return response;
    }),
    route('post', `${repo}/issues`, ({ body }) => {
      const issue = state.addIssue({
        title: String(body.title),
        body: text(body.body),
        labels: (body.labels as string[] | undefined) ?? [],
      });
      return json(issueJson(state, issue), 201);
    }),
    route('get', `${repo}/issues/:number`, ({ params }) => {
      const issue = issueOf(params);
      return issue === undefined ? notFound() : json(issueJson(state, issue));
    }),
    route('patch', `${repo}/issues/:number`, ({ params, body }) => {
      const issue = issueOf(params);
      if (issue === undefined) return notFound();
      if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      issue.updated_at = state.now();
      return json(issueJson(state, issue));
    }),
    route('get', `${repo}/issues/:number/labels`, ({ params }) => {
      const issue = issueOf(params);
      return issue === undefined ? notFound() : json(issue.labels.map((name) => ({ name, color: 'ededed' })));
    }),
    route('post', `${repo}/issues/:number/labels`, ({ params, body }) => {
      const issue = issueOf(params);
      if (issue === undefined) return notFound();
      for (const label of body.labels as string[])
        if (!issue.labels.includes(label)) issue.labels.push(label);
      return json(issue.labels.map((name) => ({ name, color: 'ededed' })));
    }),
    route('delete', `${repo}/issues/:number/labels/:name`, ({ params }) => {
      const issue = issueOf(params);
      const name = String(params.name);
      if (issue === undefined || !issue.labels.includes(name))
        return json({ message: 'Label does not exist' }, 404);
      issue.labels = issue.labels.filter((label) => label !== name);
      return json(issue.labels.map((label) => ({ name: label, color: 'ededed' })));
    }),
    route('get', `${repo}/issues/:number/comments`, ({ params }) => {
      const issue = issueOf(params);
      if (issue === undefined) return notFound();
      return json(state.comments.filter((comment) => comment.issue === issue.number).map(commentJson));
    }),
    route('post', `${repo}/issues/:number/comments`, ({ params, body }) => {
      const issue = issueOf(params);
      if (issue === undefined) return notFound();
      const at = state.now();
      const comment = {
        id: state.nextId(),
        issue: issue.number,
        body: String(body.body),
        user: state.viewer,
        created_at: at,
        updated_at: at,
      };
      state.comments.push(comment);
      return json(commentJson(comment), 201);
    }),
    route('patch', `${repo}/issues/comments/:id`, ({ params, body }) => {
      const comment = state.comments.find((candidate) => candidate.id === number(params, 'id'));
      if (comment === undefined) return notFound();
      comment.body = String(body.body);
      comment.updated_at = state.now();
      return json(commentJson(comment));
    }),
    route('get', `${repo}/pulls`, ({ url }) => {
      const wanted = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const pulls = [...state.issues.values()].filter(
        (issue) =>
          issue.pull !== undefined &&
          (wanted === 'all' || issue.state === wanted) &&
          (head === null || `${state.owner}:${issue.pull.head}` === head),
      );
      return json(pulls.map((issue) => pullJson(state, issue)));
    }),
    route('post', `${repo}/pulls`, ({ body }) => {
      const head = String(body.head);
      const base = String(body.base);
      if (!state.refs.has(head)) {
        return json(
          {
            message: 'Validation Failed',
            errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
          },
          422,
        );
      }
      const open = [...state.issues.values()].find(
        (issue) => issue.pull?.head === head && issue.state === 'open',
      );
      if (open !== undefined) {
        return json(
          {
            message: 'Validation Failed',
            errors: [{ message: `A pull request already exists for ${head}.` }],
          },
          422,
        );
      }
      const issue = state.addIssue({
        title: String(body.title),
        body: text(body.body),
        pull: { head, base, merged_at: null, merge_commit_sha: null },
      });
      return json(pullJson(state, issue), 201);
    }),
    route('get', `${repo}/pulls/:number`, ({ params }) => {
      const pull = pullOf(params);
      return pull === undefined ? notFound() : json(pullJson(state, pull));
    }),
    route('patch', `${repo}/pulls/:number`, ({ params, body }) => {
      const pull = pullOf(params);
      if (pull === undefined) return notFound();
      if (typeof body.title === 'string') pull.title = body.title;
      if (typeof body.body === 'string') pull.body = body.body;
      if (body.state === 'open' || body.state === 'closed') pull.state = body.state;
      pull.updated_at = state.now();
      return json(pullJson(state, pull));
    }),
    route('put', `${repo}/pulls/:number/merge`, ({ params, body }) => {
      const pull = pullOf(params);
      if (pull?.pull === undefined) return notFound();
      if (state.pushBeforeNextMerge?.pr === pull.number) {
        state.pushBranch(pull.pull.head);
        state.pushBeforeNextMerge = undefined;
      }
      const head = state.refs.get(pull.pull.head);
      if (pull.state !== 'open') return json({ message: 'Pull Request is not mergeable' }, 405);
      if (body.sha !== undefined && body.sha !== head) {
        return json({ message: 'Head branch was modified. Review and try the merge again.' }, 409);
      }
      const base = state.refs.get(pull.pull.base);
      const headCommit = state.commits.get(head ?? '');
      if (base === undefined || headCommit === undefined)
        return json({ message: 'Base or head missing' }, 422);
      // The head's files over the base's: a merge without conflicts, which is all the fake needs.
      const mergeSha = state.commit({
        tree: state.tree({ ...state.files(base), ...state.files(headCommit.sha) }),
        parents: body.merge_method === 'squash' ? [base] : [base, headCommit.sha],
        message: text(body.commit_message, `Merge pull request #${pull.number}`),
      });
      state.refs.set(pull.pull.base, mergeSha);
      pull.state = 'closed';
      pull.pull.merged_at = state.now();
      pull.pull.merge_commit_sha = mergeSha;
      return json({ sha: mergeSha, merged: true, message: 'Pull Request successfully merged' });
    }),
    route('get', `${repo}/pulls/:number/reviews`, ({ params }) =>
      json(
        state.reviews
          .filter((review) => review.pr === number(params, 'number'))
          .map((review) => ({ ...review, user: { login: review.user } })),
      ),
    ),
    route('post', `${repo}/pulls/:number/reviews`, ({ params, body }) => {
      const pull = pullOf(params);
      if (pull === undefined) return notFound();
      const states: Record<string, string> = {
        APPROVE: 'APPROVED',
        REQUEST_CHANGES: 'CHANGES_REQUESTED',
        COMMENT: 'COMMENTED',
      };
      const review = {
        id: state.nextId(),
        pr: pull.number,
        user: state.viewer,
        state: states[String(body.event)] ?? 'PENDING',
        body: text(body.body),
        submitted_at: state.now(),
      };
      state.reviews.push(review);
      for (const comment of (body.comments as
        Array<{ path: string; line: number; body: string }> | undefined) ?? []) {
        state.addThread({
          pr: pull.number,
          path: comment.path,
          line: comment.line,
          author: state.viewer,
          body: comment.body,
        });
      }
      return json({ ...review, user: { login: review.user } });
    }),
    route('get', `${repo}/commits/:ref/check-runs`, ({ params }) => {
      const runs = state.checkRuns.filter((run) => run.head_sha === params.ref);
      return json({
        total_count: runs.length,
        check_runs: runs.map((run) => ({
          id: run.id,
          name: run.name,
          head_sha: run.head_sha,
          status: run.status,
          conclusion: run.conclusion,
          html_url: `https://github.test/${state.owner}/${state.repo}/runs/${run.id}`,
          details_url: `https://github.test/${state.owner}/${state.repo}/actions/runs/1/job/${run.id}`,
          app: { slug: 'github-actions' },
        })),
      });
    }),
    route('get', `${repo}/actions/jobs/:id`, ({ params }) => {
      const run = state.checkRuns.find((candidate) => candidate.id === number(params, 'id'));
      if (run === undefined) return notFound();
      return json({
        id: run.id,
        name: run.name,
        status: run.status,
        conclusion: run.conclusion,
        html_url: `https://github.test/${state.owner}/${state.repo}/actions/runs/1/job/${run.id}`,
        steps: [
          { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1 },
          { name: run.failedStep ?? 'Run tests', status: 'completed', conclusion: run.conclusion, number: 2 },
        ],
      });
    }),
    // GitHub answers with a 302 to a short-lived blob URL; the client follows it.
    route('get', `${repo}/actions/jobs/:id/logs`, ({ params }) =>
      state.checkRuns.some((run) => run.id === number(params, 'id'))
        ? new HttpResponse(null, {
            status: 302,
            headers: { location: `https://logs.github.test/job/${String(params.id)}` },
          })
        : notFound(),
    ),
    http.get('https://logs.github.test/job/:id', ({ params }) => {
      const run = state.checkRuns.find((candidate) => candidate.id === Number(params.id));
      return run === undefined
        ? notFound()
        : HttpResponse.text(run.log ?? '', { headers: { 'content-type': 'text/plain' } });
    }),
    route('get', `${repo}/collaborators/:user/permission`, ({ params }) => {
      const permission = state.collaborators.get(String(params.user));
      if (permission === undefined) return json({ message: `${String(params.user)} is not a user` }, 404);
      return json({ permission, role_name: permission, user: { login: params.user } });
    }),
    // Octokit sends the ref URL-encoded (`heads%2Fouro%2Frevert-1`), as GitHub accepts it.
    route('get', `${repo}/git/ref/:ref`, ({ params }) => {
      const branch = decodeURIComponent(String(params.ref)).replace(/^heads\//, '');
      const sha = state.refs.get(branch);
      return sha === undefined
        ? notFound()
        : json({ ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } });
    }),
    route('get', `${repo}/git/commits/:sha`, ({ params }) => {
      const commit = state.commits.get(String(params.sha));
      return commit === undefined
        ? notFound()
        : json({
            sha: commit.sha,
            message: commit.message,
            tree: { sha: commit.tree },
            parents: commit.parents.map((sha) => ({ sha })),
          });
    }),
    route('post', `${repo}/git/commits`, ({ body }) => {
      const sha = state.commit({
        tree: String(body.tree),
        parents: body.parents as string[],
        message: String(body.message),
      });
      return json(
        {
          sha,
          tree: { sha: body.tree },
          parents: (body.parents as string[]).map((parent) => ({ sha: parent })),
        },
        201,
      );
    }),
    route('post', `${repo}/git/refs`, ({ body }) => {
      const branch = String(body.ref).replace(/^refs\/heads\//, '');
      if (state.refs.has(branch)) return json({ message: 'Reference already exists' }, 422);
      state.refs.set(branch, String(body.sha));
      return json({ ref: body.ref, object: { sha: body.sha, type: 'commit' } }, 201);
    }),
    route('post', `${fakeGitHubUrl}/graphql`, ({ body }) => json(graphqlAnswer(state, body) as JsonBodyType)),
  ];
}

async function etagOf(response: Response): Promise<string> {
  const text = await response.clone().text();
  return `W/"${createHash('sha1').update(text).digest('hex')}"`;
}
