/**
 * The commented config `ouro init` writes. Active values are the defaults (a test keeps them equal),
 * so the file documents the schema without changing behaviour until someone edits it.
 */

export function configTemplate(schemaReference: string): string {
  return `# yaml-language-server: $schema=${schemaReference}
# Ouro configuration. Every key is optional; the values shown are the defaults.
# Reference: docs/config.md. Check this file with \`ouro validate-config\`.
# Environment variables override it (OURO_MODE, OURO_DATABASE_URL, OURO_LOG_LEVEL, OURO_MODEL, …),
# a .env file beside it is read too, and command-line flags override everything.

orchestrator:
  # manual | supervised | autonomous | shadow
  mode: supervised
  # seconds between polls of the forge for new work
  poll_interval: 300
  # where Ouro keeps its database, runs, logs and workspaces
  work_dir: .ouro
  max_concurrent: 2

forge:
  # local (the embedded tracker) or github
  type: local
  # github:
  #   owner: your-org
  #   repo: your-repo
  #   token_env: GITHUB_TOKEN   # the variable's name, never the token itself

issue_processing:
  # issues with one of these labels may be claimed
  auto_claim_labels: [ouro]
  # 1-10; issues analysed as more complex go to a person
  max_complexity: 7

models:
  # provider:model, or an alias below
  default: anthropic:claude-sonnet-4-5
  # aliases:
  #   fast: openai:gpt-4o-mini
  # providers:
  #   ollama:
  #     base_url: http://127.0.0.1:11434/v1

safety:
  # changes touching these globs need approval
  protected_paths:
    - .github/workflows/**
    - .ouro/**
    - "**/.env*"
    - "**/*.pem"
    - "**/*.key"
    - "**/id_rsa*"
  # US dollars
  cost_limits:
    daily_limit: 10
    monthly_limit: 200
  auto_approve_low_risk: false
  approval_timeout_hours: 24

workflows:
  dir: .ai/workflows
  # steps see only these environment variables
  env_allowlist: [PATH, HOME, LANG, LC_ALL, TERM, TMPDIR, CI, NODE_OPTIONS]
  max_parallel: 4
  cache:
    enabled: true

server:
  host: 127.0.0.1
  port: 8787

logging:
  # trace | debug | info | warn | error | fatal | silent
  level: info
  file: .ouro/logs/ouro.log
  max_size_mb: 10
  max_files: 5

# notifications:
#   webhooks:
#     - url: https://example.com/hooks/ouro
#       events: [approval_requested, workflow_execution_failed]

# database:
#   # default: SQLite at <work_dir>/ouro.db; PostgreSQL for teams and scale-out
#   url: postgres://user@127.0.0.1:5432/ouro
`;
}

/** Used when the package's own .ai/workflows/quality.yaml cannot be found at runtime. */
export const fallbackQualityWorkflow = `name: Quality
version: "1"
description: Lint and type check in parallel, then run the tests, with the project's own tools.
policy:
  parallel_execution: true
  max_parallel: 2
steps:
  - id: "1.001"
    name: Lint
    actor: eslint
  - id: "1.002"
    name: Type check
    actor: tsc
  - id: "2.001"
    name: Tests
    actor: shell
    depends_on: ["1.001", "1.002"]
    with:
      command: [npm, test]
`;
