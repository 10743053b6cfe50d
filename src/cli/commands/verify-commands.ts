/** `ouro verify`: check workflows (and documents against a JSON Schema) without running anything. */
import type { Command } from 'commander';
import { formatDiagnostic } from '../../engine/workflow/workflow-diagnostic.js';
import { ExitCode } from '../../errors/index.js';
import { commandAction, type CommandContext } from '../command-action.js';
import { withProject } from '../open-project.js';

async function verifyAction(
  context: CommandContext,
  files: string[],
  options: { schema?: string },
): Promise<number> {
  const { verifyFiles } = await import('../../app/verify-files.js');
  return withProject(context, async (project) => {
    const reports = await verifyFiles(project, files, options.schema);
    const { output } = context;
    if (output.json) {
      output.document({ valid: reports.every((report) => report.valid), files: reports });
    } else {
      for (const report of reports) {
        if (report.valid) {
          output.line(`${output.colors.green('✓')} ${report.file}`);
          continue;
        }
        for (const problem of report.problems) output.line(formatDiagnostic(problem));
        output.line(`${output.colors.red('✗')} ${report.file}: ${report.problems.length} problem(s)`);
      }
    }
    const invalid = reports.filter((report) => !report.valid);
    if (invalid.length === 0) return ExitCode.success;
    // An invalid workflow is a validation error (2); a document that fails its schema is a failed check (1).
    return invalid.some((report) => report.kind === 'workflow') ? ExitCode.usage : ExitCode.failure;
  });
}

export function registerVerifyCommands(program: Command): void {
  program
    .command('verify')
    .description('check workflow files, or validate documents against a JSON Schema; runs nothing')
    .argument('<files...>', 'workflow YAML files, or JSON/YAML documents with --schema')
    .option(
      '--schema <json-schema>',
      'also validate each file against this JSON Schema (draft 2020-12 or 07)',
    )
    .addHelpText(
      'after',
      `
Checks: the workflow schema, unknown keys and actors (with suggestions), each actor's parameters,
duplicate step ids, unknown or cyclic depends_on, when/\${{ }} expressions and input references, and
emits paths. Each problem is printed as  file:line:column CODE message.

Examples:
  ouro verify .ai/workflows/*.yaml
  ouro verify .ai/workflows/quality.yaml --schema schemas/workflow.schema.json
  ouro verify .ouro/runs/<run>/artifacts/lint.json --schema schemas/diagnostics.schema.json

Exit codes: 0 valid, 2 an invalid workflow, 1 a document that does not match its schema.`,
    )
    .action(commandAction(verifyAction));
}
