/**
 * The parts of GitHub webhook payloads that Ouro reads, validated: a delivery that passed the
 * signature check is still checked for shape before anything acts on it.
 */
import { z } from 'zod';

const user = z.object({ login: z.string().min(1) });

export const issuesPayload = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive() }),
  label: z.object({ name: z.string() }).optional(),
  sender: user,
});

export const issueCommentPayload = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }),
  comment: z.object({ id: z.number().int(), body: z.string().nullable(), user }),
  sender: user,
});

export const pullRequestReviewPayload = z.object({
  action: z.string(),
  pull_request: z.object({ number: z.number().int().positive() }),
  review: z.object({ id: z.number().int(), state: z.string() }),
  sender: user,
});

const pullRequestRefs = z.array(z.object({ number: z.number().int().positive() })).default([]);

export const checkRunPayload = z.object({
  action: z.string(),
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    conclusion: z.string().nullable(),
    pull_requests: pullRequestRefs,
  }),
});

export const checkSuitePayload = z.object({
  action: z.string(),
  check_suite: z.object({
    head_sha: z.string(),
    conclusion: z.string().nullable(),
    app: z.object({ slug: z.string().optional() }).nullable().optional(),
    pull_requests: pullRequestRefs,
  }),
});

export const workflowRunPayload = z.object({
  action: z.string(),
  workflow_run: z.object({
    name: z.string().nullable(),
    head_sha: z.string(),
    conclusion: z.string().nullable(),
    pull_requests: pullRequestRefs,
  }),
});
