/** Which paths hold tests (JS/TS and Python conventions) and which hold coverage thresholds. */

const testPathPatterns = [
  /(?:^|\/)(?:test|tests|__tests__|spec)\//,
  /\.(?:test|spec)\.[cm]?[jt]sx?$/,
  /(?:^|\/)test_[^/]*\.py$/,
  /_test\.py$/,
  /(?:^|\/)conftest\.py$/,
];

export function isTestPath(path: string): boolean {
  return testPathPatterns.some((pattern) => pattern.test(path));
}

const coverageConfigPatterns = [
  /(?:^|\/)(?:vitest|vite|jest)\.config\.[cm]?[jt]s$/,
  /(?:^|\/)(?:vitest\.workspace|jest\.config)\.json$/,
  /(?:^|\/)\.nycrc(?:\.json|\.ya?ml)?$/,
  /(?:^|\/)\.c8rc(?:\.json)?$/,
  /(?:^|\/)package\.json$/,
  /(?:^|\/)(?:pyproject\.toml|setup\.cfg|\.coveragerc|tox\.ini)$/,
];

export function isCoverageConfigPath(path: string): boolean {
  return coverageConfigPatterns.some((pattern) => pattern.test(path));
}
