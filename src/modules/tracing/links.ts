// The traces a person appears in (as the case, or as a contact), for the person's page.
import type { Actor, Ctx } from '../../core/context.ts';
import { inScope } from '../../core/scope.ts';
import type { PersonTraceLink } from './types.ts';
import { personRefs } from './view.ts';

/** The traces a person appears in, as case or as contact, that the reader's scope holds. */
export async function personTraceLinks(ctx: Ctx, actor: Actor, personIds: string[]): Promise<PersonTraceLink[]> {
  if (!personIds.length) return [];
  const asCase = await ctx.db.selectFrom('traces').selectAll().where('personId', 'in', personIds).where((eb) => inScope(eb, 'orgPath', actor.scope)).orderBy('createdAt', 'desc').limit(50).execute();
  const asContact = await ctx.db
    .selectFrom('traceContacts as c')
    .innerJoin('traces as t', 't.id', 'c.traceId')
    .select(['t.id', 't.personId', 't.status', 't.contacts', 't.createdAt', 'c.degree', 'c.score'])
    .where('c.personId', 'in', personIds)
    .where((eb) => eb.or([inScope(eb, 't.orgPath', actor.scope), inScope(eb, 'c.orgPath', actor.scope)]))
    .orderBy('t.createdAt', 'desc')
    .limit(50)
    .execute();
  const refs = await personRefs(ctx, [...asCase, ...asContact].map((r) => ({ node: r.personId, personId: r.personId, rowId: '' })), false);
  const link = (r: { id: string; personId: string; status: string; contacts: number; createdAt: number }, role: 'case' | 'contact', degree: number | null, score: number | null): PersonTraceLink => ({
    traceId: r.id, role, status: r.status as PersonTraceLink['status'], case: { personId: r.personId, name: refs.get(r.personId)?.name ?? null },
    degree, score, contacts: Number(r.contacts), createdAt: new Date(Number(r.createdAt)).toISOString(),
  });
  return [...asCase.map((r) => link(r, 'case', null, null)), ...asContact.map((r) => link(r, 'contact', Number(r.degree), Number(r.score)))];
}
