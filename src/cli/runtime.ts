// Shared start of every command: one config, one database, clear messages for what a person must fix.
import os from 'node:os';
import { loadConfig } from '../config.ts';
import type { Actor } from '../core/context.ts';
import { ConfigError, DomainError } from '../core/errors.ts';
import { formatMessage, localeFrom } from '../core/messages.ts';
import { SYSTEM_SCOPE } from '../core/scope.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/** The operator at the machine: full scope, named by their OS account in the audit log. */
export function operatorActor(): Actor {
  return { userId: null, username: `cli:${os.userInfo().username}`, role: 'admin', scope: SYSTEM_SCOPE, ip: null, homePath: null };
}

export const cliLocale = () => localeFrom(process.env.LANG?.startsWith('zh') ? 'zh' : 'en');

export function reportError(e: unknown): number {
  if (e instanceof ConfigError) process.stderr.write(`tracegrid: ${e.message}\n`);
  else if (e instanceof DomainError) process.stderr.write(`tracegrid: ${formatMessage(cliLocale(), e.code, e.params)}\n`);
  else process.stderr.write(`tracegrid: ${(e as Error).stack ?? String(e)}\n`);
  return e instanceof DomainError && e.kind !== 'internal' ? 2 : 1;
}

/** Opens the runtime, runs the command, closes; any failure becomes a message and a non-zero exit code. */
export async function withRuntime(fn: (rt: Runtime) => Promise<number | void>): Promise<void> {
  let rt: Runtime | undefined;
  let code: number;
  try {
    rt = await openRuntime(loadConfig());
    code = (await fn(rt)) ?? 0;
  } catch (e) {
    code = reportError(e);
  } finally {
    await rt?.close();
  }
  process.exitCode = code;
}
