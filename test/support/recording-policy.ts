/**
 * A PolicyPort for adapter unit tests: answers every request with the verdict `answer` gives (allow
 * and perform by default) and keeps every request, effect and rollback point, so a test can assert
 * what the adapter asked for and what it did. Decisions themselves are tested on the real gate.
 */
import type {
  PolicyAction,
  PolicyPort,
  PolicyRequest,
  PolicyVerdict,
} from '../../src/adapters/policy-port.js';
import type { NewRollbackPoint } from '../../src/store/types.js';
import picomatch from 'picomatch';

export interface RecordingPolicy extends PolicyPort {
  requests: PolicyRequest[];
  effects: Array<{ action: PolicyAction; subject: string; details: Record<string, unknown> }>;
  rollbackPoints: Array<
    Omit<NewRollbackPoint, 'id' | 'createdAt'> & { id: string; mergeSha?: string; method?: string }
  >;
}

export const allowVerdict: PolicyVerdict = {
  decision: 'allow',
  perform: true,
  mode: 'autonomous',
  reasons: ['test policy allows'],
};

export function createRecordingPolicy(
  answer: (request: PolicyRequest) => PolicyVerdict = () => allowVerdict,
  protectedGlobs: string[] = ['.github/workflows/**', '**/.env*'],
): RecordingPolicy {
  const matchers = protectedGlobs.map((glob) => picomatch(glob, { dot: true }));
  const policy: RecordingPolicy = {
    requests: [],
    effects: [],
    rollbackPoints: [],
    authorize(request) {
      policy.requests.push(request);
      // An answer that throws rejects, as a failing store would.
      return Promise.resolve().then(() => answer(request));
    },
    recordEffect(action, subject, details) {
      policy.effects.push({ action, subject, details });
      return Promise.resolve();
    },
    protectedPaths(paths) {
      return paths.filter((candidate) => matchers.some((match) => match(candidate)));
    },
    recordRollbackPoint(point) {
      const id = `rb_test${policy.rollbackPoints.length + 1}`;
      policy.rollbackPoints.push({ ...point, id });
      return Promise.resolve(id);
    },
    completeRollbackPoint(id, mergeSha, method) {
      const point = policy.rollbackPoints.find((candidate) => candidate.id === id);
      if (point) Object.assign(point, { mergeSha, method });
      return Promise.resolve();
    },
  };
  return policy;
}
