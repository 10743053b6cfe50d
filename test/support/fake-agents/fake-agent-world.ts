/**
 * Test support for the coding-agent adapters: a git workspace with one committed file, a temporary
 * HOME where the fake agents (this directory) read their scenario and leave what they
 * saw, and a step environment that puts the fakes first on PATH — with secrets the adapters must
 * withhold (GITHUB_TOKEN, OURO_*) mixed in.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fakeAgentsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bin');

export interface FakeAgentScenario {
  sessionId?: string;
  model?: string;
  turns?: number;
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  finalMessage?: string;
  edits?: ({ path: string; content: string } | { path: string; delete: true })[];
  error?: string;
  exitCode?: number;
  hang?: boolean;
}

export interface FakeAgentInvocation {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  prompt: string;
  pid: number;
}

export interface FakeAgentWorld {
  workDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  scenario(agent: string, scenario: FakeAgentScenario): void;
  invocation(agent: string): FakeAgentInvocation;
  pids(agent: string): { agent: number; grandchild: number };
  cleanup(): void;
}

export function git(workDir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Ouro Test', '-c', 'user.email=test@ouro.invalid', ...args], {
    cwd: workDir,
    encoding: 'utf8',
  });
}

export function createFakeAgentWorld(): FakeAgentWorld {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ouro-agents-'));
  const workDir = path.join(root, 'work');
  const home = path.join(root, 'home');
  mkdirSync(workDir);
  mkdirSync(path.join(home, '.fake-agent'), { recursive: true });
  git(workDir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(workDir, 'hello.txt'), 'hello\n');
  writeFileSync(path.join(workDir, '.gitignore'), 'ignored/\n');
  git(workDir, 'add', '.');
  git(workDir, 'commit', '-q', '-m', 'initial');
  const state = (file: string): string => path.join(home, '.fake-agent', file);
  return {
    workDir,
    home,
    env: {
      PATH: `${fakeAgentsDirectory}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      LANG: 'C.UTF-8',
      ANTHROPIC_API_KEY: 'sk-ant-test',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/anthropic',
      OPENAI_API_KEY: 'sk-openai-test',
      GEMINI_API_KEY: 'gemini-test',
      GITHUB_TOKEN: 'ghp_must_not_leak',
      GH_TOKEN: 'gh_must_not_leak',
      OURO_API_TOKEN: 'ouro_must_not_leak',
      AWS_SECRET_ACCESS_KEY: 'aws_must_not_leak',
    },
    scenario(agent, scenario) {
      writeFileSync(state(`${agent}.scenario.json`), JSON.stringify(scenario));
    },
    invocation(agent) {
      return JSON.parse(readFileSync(state(`${agent}.invocation.json`), 'utf8')) as FakeAgentInvocation;
    },
    pids(agent) {
      return JSON.parse(readFileSync(state(`${agent}.pids.json`), 'utf8')) as {
        agent: number;
        grandchild: number;
      };
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
