/** GitHub REST response shapes built from the fake state (field names as in GitHub's REST docs). */
import type { FakeComment, FakeGitHubState, FakeIssue } from './fake-github-state.js';

const user = (login: string) => ({ login, id: login.length, type: login.endsWith('[bot]') ? 'Bot' : 'User' });

export function issueJson(state: FakeGitHubState, issue: FakeIssue) {
  const web = `https://github.test/${state.owner}/${state.repo}`;
  return {
    id: issue.number * 10,
    node_id: `I_${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels.map((name) => ({ name, color: 'ededed' })),
    user: user(issue.user),
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    html_url: `${web}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    ...(issue.pull ? { pull_request: { url: `${web}/pull/${issue.number}` } } : {}),
  };
}

export function pullJson(state: FakeGitHubState, issue: FakeIssue) {
  const pull = issue.pull;
  if (pull === undefined) throw new Error(`#${issue.number} is not a pull request`);
  return {
    id: issue.number * 10,
    node_id: `PR_${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    head: {
      ref: pull.head,
      sha: state.refs.get(pull.head) ?? '0'.repeat(40),
      label: `${state.owner}:${pull.head}`,
    },
    base: {
      ref: pull.base,
      sha: state.refs.get(pull.base) ?? '0'.repeat(40),
      label: `${state.owner}:${pull.base}`,
    },
    user: user(issue.user),
    labels: issue.labels.map((name) => ({ name, color: 'ededed' })),
    mergeable: issue.state === 'open' ? true : null,
    merged: pull.merged_at !== null,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    html_url: `https://github.test/${state.owner}/${state.repo}/pull/${issue.number}`,
  };
}

export function commentJson(comment: FakeComment) {
  return {
    id: comment.id,
    body: comment.body,
    user: user(comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
  };
}
