// Org-subtree scope: every read of scoped data is given one, and the store layer turns it into a WHERE clause.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

export interface Scope {
  /** Materialised paths of the org units the caller is scoped to; each covers its whole subtree. */
  paths: string[];
}

/** For the CLI and start-up tasks run by the operator of the machine. */
export const SYSTEM_SCOPE: Scope = { paths: ['/'] };

export function pathInScope(scope: Scope, path: string): boolean {
  return scope.paths.some((p) => path.startsWith(p));
}

/** `column LIKE '/a/b/%' OR ...`; paths hold ids and slashes only, so no LIKE escaping is needed. */
export function inScope<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, scope: Scope): Expression<SqlBool> {
  if (scope.paths.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(scope.paths.map((p) => eb(eb.ref(column as never), 'like', `${p}%` as never)));
}

/** Drops paths covered by another path of the same scope. */
export function normalizeScope(paths: string[]): Scope {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return { paths: kept };
}

/**
 * The smallest subtree holding all the given paths. Audit entries about data that spans several subtrees
 * (a user scoped to two counties) belong there, so neither county alone reads about the other.
 */
export function commonPath(paths: string[]): string | null {
  if (paths.length === 0) return null;
  const split = paths.map((p) => p.split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.length ? `/${common.join('/')}/` : null;
}
