/** The shared forge contract, run against the GitHub forge behind the stateful fake GitHub. */
import { silentLogger } from '../../observability/silent-logger.js';
import { describeForgeContract } from '../../../test/support/forge-contract.js';
import { fakeGitHubUrl, startFakeGitHub } from '../../../test/support/fake-github/fake-github-server.js';
import { createGitHubForge } from './create-github-forge.js';

describeForgeContract('github (fake GitHub)', () => {
  const fake = startFakeGitHub();
  const { state } = fake;
  state.collaborators.set('maintainer', 'admin');
  const forge = createGitHubForge(
    { owner: state.owner, repo: state.repo, token_env: 'TOKEN', api_url: fakeGitHubUrl },
    { env: { TOKEN: 'ghp_contract' }, logger: silentLogger, pacing: 'none', retryAfterUnitMs: 5 },
  );
  return Promise.resolve({
    forge,
    base: 'main',
    commitToBranch: (branch, change) =>
      Promise.resolve(state.pushBranch(branch, 'main', { [change.file]: change.content }, change.message)),
    branchHead: (branch) => Promise.resolve(state.refs.get(branch) ?? ''),
    fileOnBranch: (branch, file) => Promise.resolve(state.files(state.refs.get(branch))[file]),
    recordCheck: async (pr, check) => {
      const head = (await forge.getPullRequest(pr)).headSha;
      state.addCheckRun({
        name: check.name,
        head_sha: head,
        status: 'completed',
        conclusion: check.conclusion,
        ...(check.log === undefined ? {} : { log: check.log }),
        ...(check.step === undefined ? {} : { failedStep: check.step }),
      });
    },
    users: { admin: 'maintainer', stranger: 'mallory' },
    cleanup: () => Promise.resolve(fake.close()),
  });
});
