/**
 * The three GraphQL operations the GitHub forge sends (review threads, reply, resolve), recognised
 * by their root field. Anything else is an error, as an unknown REST route is.
 */
import type { FakeGitHubState, FakeThread } from './fake-github-state.js';

const threadJson = (thread: FakeThread) => ({
  id: thread.id,
  isResolved: thread.resolved,
  path: thread.path,
  line: thread.line,
  comments: { nodes: thread.comments.map((comment) => ({ ...comment, author: { login: comment.author } })) },
});

const notFound = (id: string) => ({
  data: null,
  errors: [
    {
      type: 'NOT_FOUND',
      path: ['node'],
      message: `Could not resolve to a node with the global id of '${id}'`,
    },
  ],
});

export function graphqlAnswer(state: FakeGitHubState, body: Record<string, unknown>): unknown {
  const query = String(body.query);
  const variables = (body.variables ?? {}) as Record<string, unknown>;
  if (query.includes('reviewThreads')) {
    const pr = state.issues.get(Number(variables.number));
    return {
      data: {
        repository: {
          pullRequest:
            pr?.pull === undefined
              ? null
              : {
                  reviewThreads: {
                    nodes: state.threads.filter((thread) => thread.pr === pr.number).map(threadJson),
                  },
                },
        },
      },
    };
  }
  const thread = state.threads.find((candidate) => candidate.id === variables.thread);
  if (query.includes('addPullRequestReviewThreadReply')) {
    if (thread === undefined) return notFound(String(variables.thread));
    const at = state.now();
    const comment = {
      databaseId: state.nextId(),
      author: state.viewer,
      body: String(variables.body),
      createdAt: at,
      updatedAt: at,
    };
    thread.comments.push(comment);
    return {
      data: {
        addPullRequestReviewThreadReply: { comment: { ...comment, author: { login: comment.author } } },
      },
    };
  }
  if (query.includes('resolveReviewThread')) {
    if (thread === undefined) return notFound(String(variables.thread));
    thread.resolved = true;
    return { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } };
  }
  return {
    data: null,
    errors: [{ message: `the fake GitHub does not know this operation: ${query.slice(0, 80)}` }],
  };
}
