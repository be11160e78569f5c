// Sites: registration points in the org tree, each with a signed, rotatable QR token.
import crypto from 'node:crypto';
import { recordAudit } from '../../core/audit.ts';
import { inTransaction, type Actor, type Ctx } from '../../core/context.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { getOrgUnit, requireAdmin, resolveOrgCodes } from '../org/service.ts';
import { qrPng, qrSvg } from './qr.ts';
import * as store from './store.ts';
import type { SiteRow, SiteWithOrg } from './store.ts';
import { DEFAULT_VALIDITY_DAYS, signSiteToken, siteTokenKeys, validityWindow, verifySiteToken } from './token.ts';

export const SITE_KINDS = ['checkpoint', 'community', 'floating', 'station'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const MAX_GRACE_HOURS = 30 * 24;
const NAME_MAX = 80;
// No 0/O, 1/I/L: a code read aloud over a radio or typed from a poster is not mistaken.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 6;

export interface SiteView {
  id: string;
  code: string;
  name: string;
  kind: SiteKind;
  orgUnit: { id: string; code: string; name: string };
  tokenGeneration: number;
  previousGeneration: number | null;
  previousValidUntil: string | null;
  disabled: boolean;
  /** minutes between two passages that still count as an exposure when tracing; null: the default */
  traceToleranceMin: number | null;
  /** the URL the QR code holds, with a token of the current generation */
  url: string;
  createdAt: string;
  updatedAt: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A token of the site's current generation, valid for `days` from the start of today (UTC). */
export function issueSiteToken(ctx: Ctx, site: Pick<SiteRow, 'code' | 'tokenGeneration'>, days = DEFAULT_VALIDITY_DAYS): { token: string; expiresAt: number } {
  const { nbfMs, expMs } = validityWindow(ctx.clock.now(), days);
  return { token: signSiteToken(siteTokenKeys(ctx.sessionKey), { code: site.code, generation: site.tokenGeneration, nbfMs, expMs }), expiresAt: expMs };
}

export function siteUrl(ctx: Ctx, site: Pick<SiteRow, 'code' | 'tokenGeneration'>, days?: number): string {
  return `${ctx.config.publicUrl}/r/${issueSiteToken(ctx, site, days).token}`;
}

export function toView(ctx: Ctx, s: SiteWithOrg): SiteView {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    kind: s.kind as SiteKind,
    orgUnit: { id: s.orgUnitId, code: s.orgCode, name: s.orgName },
    tokenGeneration: s.tokenGeneration,
    previousGeneration: s.previousGeneration,
    previousValidUntil: iso(s.previousValidUntil),
    disabled: s.disabled,
    traceToleranceMin: s.traceToleranceMin ?? null,
    url: siteUrl(ctx, s),
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
  };
}

function checkKind(kind: string): asserts kind is SiteKind {
  if (!(SITE_KINDS as readonly string[]).includes(kind)) throw invalid('validation.enum', { field: 'kind', allowed: SITE_KINDS.join(', ') }, 'kind');
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > NAME_MAX) throw invalid('site.invalid_name', { limit: NAME_MAX }, 'name');
  return trimmed;
}

async function getInScope(ctx: Ctx, actor: Actor, code: string): Promise<SiteWithOrg> {
  const site = await store.findByCode(ctx.db, actor.scope, code.toUpperCase());
  // Out of scope and absent look the same.
  if (!site) throw notFound('site.not_found', { code });
  return site;
}

export async function listSites(ctx: Ctx, actor: Actor, f: store.SiteFilter): Promise<{ items: SiteView[]; total: number }> {
  if (f.kind) checkKind(f.kind);
  if (f.orgId) await getOrgUnit(ctx, actor, f.orgId); // not found when outside the caller's scope
  const { rows, total } = await store.listSites(ctx.db, actor.scope, f);
  return { items: rows.map((r) => toView(ctx, r)), total };
}

export async function getSite(ctx: Ctx, actor: Actor, code: string): Promise<SiteView> {
  return toView(ctx, await getInScope(ctx, actor, code));
}

/** Sites for posters, in the order asked; any code that is absent or out of scope is an error. */
export async function getSitesForPosters(ctx: Ctx, actor: Actor, codes: string[]): Promise<SiteWithOrg[]> {
  const wanted = [...new Set(codes.map((c) => c.toUpperCase()))];
  const rows = await store.findByCodes(ctx.db, actor.scope, wanted);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const missing = wanted.find((c) => !byCode.has(c));
  if (missing) throw notFound('site.not_found', { code: missing }, 'codes');
  return wanted.map((c) => byCode.get(c)!);
}

async function newCode(ctx: Ctx): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = Array.from(crypto.randomBytes(CODE_LENGTH), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
    if (!(await store.codeExists(ctx.db, code))) return code;
  }
  throw new Error('no free site code after 20 tries'); // 31^6 codes: only reached when the space is nearly full
}

export interface NewSite {
  orgCode?: string;
  orgId?: string;
  kind: string;
  name: string;
}

export async function createSite(ctx: Ctx, actor: Actor, input: NewSite): Promise<SiteView> {
  requireAdmin(actor);
  checkKind(input.kind);
  const name = checkName(input.name);
  if (!input.orgCode && !input.orgId) throw invalid('validation.required', { field: 'orgCode' }, 'orgCode');
  return inTransaction(ctx, async (tx) => {
    const orgCode = input.orgCode ?? (await getOrgUnit(tx, actor, input.orgId!)).unit.code;
    const [unit] = await resolveOrgCodes(tx, actor, [orgCode]).catch((e: unknown) => {
      throw e instanceof DomainError ? new DomainError(e.code, e.kind, e.params, input.orgCode ? 'orgCode' : 'orgId') : e;
    });
    const now = tx.clock.now();
    const row: SiteRow = {
      id: newId(now),
      code: await newCode(tx),
      orgUnitId: unit.id,
      kind: input.kind,
      name,
      tokenGeneration: 1,
      previousGeneration: null,
      previousValidUntil: null,
      disabled: false,
      traceToleranceMin: null,
      createdAt: now,
      updatedAt: now,
    };
    await store.insertSite(tx.db, row);
    await recordAudit(tx, actor, { action: 'site.create', targetType: 'site', targetId: row.id, orgPath: unit.path, detail: { code: row.code, kind: row.kind, name, orgCode: unit.code } });
    return toView(tx, { ...row, orgCode: unit.code, orgName: unit.name, orgPath: unit.path });
  });
}

export async function updateSite(ctx: Ctx, actor: Actor, code: string, patch: { name?: string; disabled?: boolean; traceToleranceMin?: number | null }): Promise<SiteView> {
  requireAdmin(actor);
  const name = patch.name === undefined ? undefined : checkName(patch.name);
  const tolerance = patch.traceToleranceMin;
  if (tolerance != null && (!Number.isInteger(tolerance) || tolerance < 1 || tolerance > 720)) throw invalid('validation.range', { field: 'traceToleranceMin', min: 1, max: 720 }, 'traceToleranceMin');
  return inTransaction(ctx, async (tx) => {
    const site = await getInScope(tx, actor, code);
    const set = {
      ...(name !== undefined && { name }),
      ...(patch.disabled !== undefined && { disabled: patch.disabled }),
      ...(tolerance !== undefined && { traceToleranceMin: tolerance }),
    };
    const changes = { updatedAt: tx.clock.now(), ...set };
    await store.updateSite(tx.db, site.id, changes);
    await recordAudit(tx, actor, { action: 'site.update', targetType: 'site', targetId: site.id, orgPath: site.orgPath, detail: { code: site.code, ...set } });
    return toView(tx, { ...site, ...changes });
  });
}

/**
 * New generation of QR codes for a site. Posters of the generation in use until now keep working for
 * `graceHours`; any older ones stopped at the previous rotation.
 */
export async function rotateSite(ctx: Ctx, actor: Actor, code: string, graceHours: number): Promise<SiteView> {
  requireAdmin(actor);
  if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > MAX_GRACE_HOURS) throw invalid('validation.range', { field: 'graceHours' }, 'graceHours');
  return inTransaction(ctx, async (tx) => {
    const site = await getInScope(tx, actor, code);
    const now = tx.clock.now();
    const until = now + graceHours * 3600_000;
    await store.rotate(tx.db, site.id, until, now);
    const rotated = (await store.findByCode(tx.db, actor.scope, site.code))!;
    await recordAudit(tx, actor, {
      action: 'site.rotate',
      targetType: 'site',
      targetId: site.id,
      orgPath: site.orgPath,
      detail: { code: site.code, generation: rotated.tokenGeneration, graceHours, previousValidUntil: new Date(until).toISOString() },
    });
    return toView(tx, rotated);
  });
}

/**
 * The site a QR token names, for the public page and the check-in ingest. Refuses, each with its own code:
 * forged or altered (site.token_invalid), outside its window (site.token_expired), a generation rotated out and
 * past its grace (site.token_rotated), an unknown or disabled site (site.not_found). `orgPath` is the site's
 * org unit path, for storing scoped data about the check-in.
 */
export async function resolveSiteToken(ctx: Ctx, token: string): Promise<{ site: SiteView; orgPath: string }> {
  const now = ctx.clock.now();
  const p = verifySiteToken(siteTokenKeys(ctx.sessionKey).keys, token, now);
  const site = await store.findForToken(ctx.db, p.s);
  if (!site || site.disabled) throw notFound('site.not_found', { code: p.s }, 'token');
  const current = p.g === site.tokenGeneration;
  const inGrace = p.g === site.previousGeneration && site.previousValidUntil !== null && now < site.previousValidUntil;
  if (!current && !inGrace) {
    // A generation above the current one cannot have been issued: only a rolled-back database explains it.
    if (p.g > site.tokenGeneration) throw invalid('site.token_invalid', {}, 'token');
    throw invalid('site.token_rotated', {}, 'token');
  }
  // orgPath: check-ins store it, so scoped reads need no join.
  return { site: toView(ctx, site), orgPath: site.orgPath };
}


/** The QR code of a site's URL, for download. */
export async function siteQr(ctx: Ctx, actor: Actor, code: string, format: 'svg' | 'png', days = DEFAULT_VALIDITY_DAYS): Promise<{ site: SiteWithOrg; body: Buffer }> {
  const site = await getInScope(ctx, actor, code);
  const url = siteUrl(ctx, site, days);
  return { site, body: format === 'svg' ? Buffer.from(await qrSvg(url)) : await qrPng(url) };
}

/** One A4 PDF with a poster page per site, in the order asked. */
export async function sitePosters(ctx: Ctx, actor: Actor, codes: string[], days = DEFAULT_VALIDITY_DAYS): Promise<Buffer> {
  const sites = await getSitesForPosters(ctx, actor, codes);
  // pdfkit takes ~0.4 s to load: only processes that print posters pay for it.
  const { renderPosters } = await import('./poster.ts');
  return renderPosters(
    sites.map((s) => {
      const { token, expiresAt } = issueSiteToken(ctx, s, days);
      return { code: s.code, name: s.name, kind: s.kind as SiteKind, orgName: s.orgName, url: `${ctx.config.publicUrl}/r/${token}`, expiresAt };
    }),
    { now: ctx.clock.now() },
  );
}
