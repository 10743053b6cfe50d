/**
 * Who a person at the CLI is, for approvals, pause/resume and the audit log. It is the OS user on
 * purpose, not an environment variable: `safety.approvers` would mean nothing if anyone could
 * claim another name with `OURO_ACTOR=…`.
 */
import os from 'node:os';

export function operatorIdentity(): string {
  return `user:${os.userInfo().username}`;
}
