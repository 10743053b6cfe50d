/** The environment steps see: only the allowlisted variables, never Ouro's own secrets. */
export function stepEnvironment(env: NodeJS.ProcessEnv, allowlist: readonly string[]): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const name of allowlist) {
    const value = env[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
