import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTemporaryGitRepository,
  type TemporaryGitRepository,
} from '../../../test/support/temporary-git-repository.js';
import { ouroConfigSchema } from '../../config/index.js';
import type { Finding } from './finding.js';
import { parseDiff } from './parse-diff.js';
import { secretsScanGuard } from './secrets-guard.js';

/*
 * The secrets are assembled at run time from pieces, so this file holds no literal credential shape
 * (it would be reported by every secret scanner that reads the repository, Ouro's own included).
 */
const join = (...parts: string[]): string => parts.join('');
const secrets = {
  awsAccessKeyId: join('AKIA', 'Z3MSJV4WWSWEHS4A'),
  awsSecretAccessKey: join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYzkQUOTAKEY'),
  githubToken: join('ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx'),
  slackToken: join('xoxb', '-123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'),
  basicAuthPassword: join('s3cr', 'etPassw0rd'),
  npmToken: join('npm_', '1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R'),
  anthropicKey: join('sk-ant-api03-', 'Zx9'.repeat(31), 'AA'),
};
const privateKey = [
  join('-----BEGIN RSA ', 'PRIVATE KEY-----'),
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  join('-----END RSA ', 'PRIVATE KEY-----'),
].join('\n');

const settingsLines = [
  "import { load } from './load.js';", // 1
  '', // 2
  `export const awsKeyId = '${secrets.awsAccessKeyId}';`, // 3
  `aws_secret_access_key = "${secrets.awsSecretAccessKey}"`, // 4
  `export const github = '${secrets.githubToken}';`, // 5
  `export const slack = '${secrets.slackToken}';`, // 6
  `export const mirror = 'https://deploy:${secrets.basicAuthPassword}@registry.example.com/path';`, // 7
  `export const npm = '${secrets.npmToken}';`, // 8
  `export const anthropic = '${secrets.anthropicKey}';`, // 9
  'export const plain = load();', // 10
];
const settings = `${settingsLines.join('\n')}\n`;

let repository: TemporaryGitRepository;
beforeEach(() => {
  repository = createTemporaryGitRepository();
});
afterEach(() => repository.cleanup());

async function scan(before: Record<string, string>, after: Record<string, string | null>) {
  for (const [file, content] of Object.entries(before)) repository.write(file, content);
  const base = repository.commit('base');
  for (const [file, content] of Object.entries(after)) {
    if (content === null) repository.remove(file);
    else repository.write(file, content);
  }
  const head = repository.commit('head');
  const files = parseDiff(repository.git('diff', '-M', base, head));
  return secretsScanGuard.check(files, ouroConfigSchema.parse({}).safety);
}

const located = (findings: Finding[]) =>
  findings.map((finding) => [finding.severity, finding.file, finding.line, finding.message]);

function expectNoSecretIn(findings: Finding[]): void {
  const text = JSON.stringify(findings);
  for (const secret of [...Object.values(secrets), privateKey.split('\n')[1]!]) {
    expect(text).not.toContain(secret);
    // Not even a recognisable piece of it.
    expect(text).not.toContain(secret.slice(-12));
  }
}

describe('secrets guard (secretlint and credential shapes)', () => {
  it('reports every secret in added lines as CRITICAL at its new-file line, once per line', async () => {
    const findings = await scan(
      { 'src/settings.ts': "import { load } from './load.js';\n" },
      { 'src/settings.ts': settings, 'deploy/id_rsa.txt': `# deploy key\n${privateKey}\n` },
    );
    expect(located(findings)).toEqual([
      // secretlint's recommended preset does not scan AWS key ids; the redactor's shape does.
      [
        'critical',
        'deploy/id_rsa.txt',
        2,
        'added line contains a secret (secretlint: privatekey PrivateKey)',
      ],
      ['critical', 'src/settings.ts', 3, 'added line contains what looks like a AWS access key id'],
      ['critical', 'src/settings.ts', 4, 'added line contains a secret (secretlint: aws AWSSecretAccessKey)'],
      // Also a redactor shape (GitHub token): reported once, by secretlint.
      ['critical', 'src/settings.ts', 5, 'added line contains a secret (secretlint: github GITHUB_TOKEN)'],
      ['critical', 'src/settings.ts', 6, 'added line contains a secret (secretlint: slack SLACK_TOKEN)'],
      ['critical', 'src/settings.ts', 7, 'added line contains a secret (secretlint: basicauth BasicAuth)'],
      ['critical', 'src/settings.ts', 8, 'added line contains a secret (secretlint: npm NPM_ACCESS_TOKEN)'],
      [
        'critical',
        'src/settings.ts',
        9,
        'added line contains a secret (secretlint: anthropic ANTHROPIC_API_KEY)',
      ],
    ]);
    expect(findings.every((finding) => finding.guard === 'secrets')).toBe(true);
    expectNoSecretIn(findings);
  });

  it('reports nothing for secrets in removed or context lines', async () => {
    const findings = await scan(
      { 'src/settings.ts': settings, 'deploy/id_rsa.txt': `${privateKey}\n` },
      {
        // Every secret is now a context line (line 10 changed) …
        'src/settings.ts': settings.replace('export const plain = load();', 'export const plain = 2;'),
        // … or a removed one.
        'deploy/id_rsa.txt': null,
      },
    );
    expect(findings).toEqual([]);
  });

  it('finds a secret in one added line among unchanged lines, at its line in the new file', async () => {
    const lines = Array.from({ length: 40 }, (_, index) => `const value${index} = ${index};`);
    const changed = [...lines];
    changed[29] = `const value29 = '${secrets.slackToken}';`;
    const findings = await scan(
      { 'src/values.ts': `${lines.join('\n')}\n` },
      { 'src/values.ts': `${changed.join('\n')}\n` },
    );
    expect(located(findings)).toEqual([
      ['critical', 'src/values.ts', 30, 'added line contains a secret (secretlint: slack SLACK_TOKEN)'],
    ]);
  });

  it('ignores secretlint-disable comments that the change itself adds', async () => {
    const findings = await scan(
      { 'src/a.ts': 'export {};\n' },
      {
        'src/a.ts': `export {};\n// secretlint-disable-next-line\nexport const token = '${secrets.npmToken}';\n`,
      },
    );
    expect(located(findings)).toEqual([
      ['critical', 'src/a.ts', 3, 'added line contains a secret (secretlint: npm NPM_ACCESS_TOKEN)'],
    ]);
  });

  it('reports nothing for ordinary code', async () => {
    const findings = await scan(
      { 'src/a.ts': 'export const a = 1;\n' },
      {
        'src/a.ts': "export const password = readPassword();\nexport const url = 'https://example.com/a';\n",
      },
    );
    expect(findings).toEqual([]);
  });
});
