/**
 * Parses JUnit XML (pytest `--junitxml`, vitest/jest junit reporters, most CI tools) into a test
 * report. Counts come from the `<testcase>` elements, not from the suite attributes, which some
 * writers get wrong. A failing case's file and line come from its `file`/`line` attributes when
 * present, otherwise from the first `path:line` in its failure text that belongs to the test's own
 * file (pytest puts that at the end of the traceback, vitest after `❯`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OuroError } from '../../../errors/index.js';
import { positiveInteger, stripAnsi, toProjectPath } from './project-path.js';
import type { TestFailure, TestReport } from './test-report.js';

type XmlNode = Record<string, unknown>;

interface Counts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  failures: TestFailure[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

function asNodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).map((item): XmlNode =>
    typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item },
  );
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function textOf(node: XmlNode): string {
  const text = node['#text'];
  return typeof text === 'string' ? text : typeof text === 'number' ? String(text) : '';
}

const locationPattern = /([^\s()'"`❯]+\.[A-Za-z0-9]+):(\d+)/g;

/** `tests.test_calc` (pytest classname) → `tests/test_calc`, to recognise the test's own file. */
function classnameAsPath(classname: string | undefined): string | undefined {
  if (classname === undefined || classname.includes('/')) return classname;
  return classname.split('.').join('/');
}

function locate(
  text: string,
  projectDir: string,
  fileAttribute: string | undefined,
  classname: string | undefined,
): { file: string | null; line: number | null } {
  const candidates = [...text.matchAll(locationPattern)].map((match) => ({
    file: toProjectPath(projectDir, match[1] ?? ''),
    line: Number(match[2]),
  }));
  const ownFile = fileAttribute === undefined ? undefined : toProjectPath(projectDir, fileAttribute);
  const ownStem = classnameAsPath(classname);
  const own = candidates.find(
    (candidate) =>
      (ownFile !== undefined && candidate.file === ownFile) ||
      (ownStem !== undefined &&
        (candidate.file === ownStem || candidate.file.replace(/\.[^./]+$/, '') === ownStem)),
  );
  const chosen =
    own ??
    candidates.find(
      (candidate) =>
        !/(^|\/)(node_modules|site-packages)\//.test(candidate.file) && !candidate.file.startsWith('..'),
    );
  return { file: ownFile ?? chosen?.file ?? null, line: chosen?.line ?? null };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

function collectCase(testCase: XmlNode, projectDir: string, counts: Counts): void {
  counts.total += 1;
  const problems = [...asNodes(testCase.failure), ...asNodes(testCase.error)];
  if (problems.length > 0) {
    counts.failed += 1;
    const problem = problems[0] ?? {};
    const text = stripAnsi(textOf(problem));
    const name = attribute(testCase, 'name') ?? '(unnamed test)';
    const classname = attribute(testCase, 'classname');
    const fileAttribute = attribute(testCase, 'file');
    const location = locate(text, projectDir, fileAttribute, classname);
    const lineAttribute = attribute(testCase, 'line');
    counts.failures.push({
      name:
        classname !== undefined && classname !== '' && classname !== name ? `${classname} > ${name}` : name,
      file: location.file,
      line: lineAttribute !== undefined ? positiveInteger(Number(lineAttribute)) : location.line,
      message: stripAnsi(attribute(problem, 'message') ?? '').trim() || firstLine(text) || 'failed',
    });
    return;
  }
  if (asNodes(testCase.skipped).length > 0) counts.skipped += 1;
  else counts.passed += 1;
}

function collectSuite(suite: XmlNode, projectDir: string, counts: Counts): void {
  for (const testCase of asNodes(suite.testcase)) collectCase(testCase, projectDir, counts);
  for (const nested of asNodes(suite.testsuite)) collectSuite(nested, projectDir, counts);
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(/,/g, ''));
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

export function parseJunitXml(xml: string, projectDir: string, tool: string): TestReport {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new OuroError('OURO_TOOL_OUTPUT_INVALID', {
      tool,
      reason: `JUnit XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`,
    });
  }
  const document = parser.parse(xml) as XmlNode;
  const root = document.testsuites;
  const suites =
    typeof root === 'object' && root !== null
      ? asNodes((root as XmlNode).testsuite)
      : asNodes(document.testsuite);
  if (root === undefined && document.testsuite === undefined) {
    throw new OuroError('OURO_TOOL_OUTPUT_INVALID', {
      tool,
      reason: 'no <testsuites> or <testsuite> element',
    });
  }
  const counts: Counts = { total: 0, passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const suite of suites) collectSuite(suite, projectDir, counts);

  const rootSeconds =
    typeof root === 'object' && root !== null ? seconds(attribute(root as XmlNode, 'time')) : undefined;
  const suiteSeconds = suites.map((suite) => seconds(attribute(suite, 'time')));
  const totalSeconds =
    rootSeconds ??
    (suiteSeconds.every((value) => value !== undefined) && suiteSeconds.length > 0
      ? suiteSeconds.reduce<number>((sum, value) => sum + (value ?? 0), 0)
      : undefined);
  const report: TestReport = { tool, ...counts };
  if (totalSeconds !== undefined) report.durationMs = Math.round(totalSeconds * 1000);
  return report;
}
