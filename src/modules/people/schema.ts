import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';

const Str = Type.String();
const NStr = Nullable(Type.String());
const Gender = Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]);
const Purpose = Type.String({ minLength: 1, maxLength: 200, description: 'why (at least 4 characters), written to the audit log' });

export const PersonSummary = Type.Object({
  id: Str,
  name: NStr,
  idNumber: NStr,
  phone: NStr,
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  gender: Gender,
  source: Str,
  lastSeenAt: Type.Union([Type.String({ description: 'newest check-in in your scope' }), Type.Null()]),
});

export const SearchBody = Type.Object(
  {
    idNumber: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    purpose: Purpose,
  },
  { additionalProperties: false },
);

export const PurposeBody = Type.Object({ purpose: Purpose }, { additionalProperties: false });

export const ReportBody = Type.Union([
  Type.Object({ idNumber: Type.String({ minLength: 2, maxLength: 40, description: "the subject's ID number" }), purpose: Purpose }, { additionalProperties: false }),
  Type.Object({ personId: Type.String({ minLength: 1, maxLength: 64, description: 'a person of the index (its merged records come along)' }), purpose: Purpose }, { additionalProperties: false }),
]);

const Site = Type.Object({ code: Str, name: Str });

export const PersonView = Type.Object({
  id: Str,
  profile: Type.Object({
    name: NStr, idNumber: NStr, phone: NStr, birthYear: Type.Union([Type.Integer(), Type.Null()]), gender: Gender, idType: NStr,
    sources: Type.Array(Str, { description: "where the person's records came from: checkin, import, officer" }),
  }),
  merged: Type.Array(Type.Object({ id: Str, name: NStr, idNumber: NStr, phone: NStr, source: Str, createdAt: Str }), { description: 'records merged into this person' }),
  memberships: Type.Array(
    Type.Object({
      entryId: Str, listId: Str, listName: Str, kind: Str, category: Type.Boolean({ description: 'one of the four categories' }), watch: Type.Boolean(),
      listedAt: NStr, createdAt: Str, endedAt: NStr, source: Str, importId: NStr, origin: NStr, note: NStr,
    }),
  ),
  checkins: Type.Array(
    Type.Object({
      id: Str, at: Str, site: Site, kind: Str, direction: Str, role: Str, flags: Type.Array(Str), temperature: Type.Union([Type.Number(), Type.Null()]),
      decision: Type.Union([Type.Object({ decision: Str, at: Str, by: Str }), Type.Null()]),
    }),
    { description: 'newest first' },
  ),
  checkinsMore: Type.Boolean(),
  decisions: Type.Array(
    Type.Object({ id: Str, checkinId: Str, siteCode: Str, decision: Str, note: NStr, via: Str, at: Str, by: Type.Object({ id: Str, displayName: Str }) }),
  ),
  watchHits: Type.Array(Type.Object({ checkinId: Str, listId: Str, listName: Str, kind: Str, at: Str, found: Str, site: Type.Union([Site, Type.Null()]) })),
  contacts: Type.Array(
    Type.Object({
      traceId: Type.String(),
      role: Type.Union([Type.Literal('case'), Type.Literal('contact')]),
      status: Type.Union([Type.Literal('draft'), Type.Literal('accepted')]),
      case: Type.Object({ personId: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
      degree: Type.Union([Type.Integer(), Type.Null()]),
      score: Type.Union([Type.Number(), Type.Null()]),
      contacts: Type.Integer(),
      createdAt: Type.String(),
    }),
    { description: 'traces the person appears in: as the case, or as a contact of one' },
  ),
});

export const ClearProfile = Type.Object({
  id: Str,
  idType: NStr,
  name: Str,
  idNumber: Type.Optional(Str),
  phone: Type.Optional(Str),
  birthDate: Type.Optional(Str),
  gender: Type.Optional(Type.Union([Type.Literal('male'), Type.Literal('female')])),
  address: Type.Optional(Str),
});

const Items = Type.Array(Type.Object({}, { additionalProperties: true }));

export const SubjectReport = Type.Object({
  generatedAt: Str,
  idNumber: NStr,
  purpose: Str,
  persons: Type.Array(Type.Object({ id: Str }, { additionalProperties: true })),
  checkins: Items,
  listEntries: Items,
  decisions: Items,
  watchHits: Items,
  merges: Items,
  audit: Items,
});
