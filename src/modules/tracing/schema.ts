// The HTTP contract of contact tracing: the TypeBox side of types.ts (responses list every field: the serializer
// drops what the schema does not name).
import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';
import { EXPOSURE_KINDS, type ExposureKind } from './types.ts';

const Kind = Type.Unsafe<ExposureKind>(Type.String({ enum: [...EXPOSURE_KINDS] }));
const Span = Type.Tuple([Type.String(), Type.String()]);
const OrgRef = Type.Object({ code: Type.String(), name: Type.String() });
const PersonRef = Type.Object({ name: Nullable(Type.String()), idNumber: Nullable(Type.String()), phone: Nullable(Type.String()) });
const Status = Type.Union([Type.Literal('draft'), Type.Literal('accepted')]);

const Evidence = Type.Object({
  how: Kind,
  from: Type.String(),
  site: Nullable(Type.String()),
  siteName: Nullable(Type.String()),
  times: Type.Object({ source: Span, contact: Span }),
  minutes: Type.Number(),
  weight: Type.Number(),
});

const Contact = Type.Object({
  node: Type.String(),
  personId: Nullable(Type.String()),
  degree: Type.Integer(),
  score: Type.Number(),
  kinds: Type.Array(Kind),
  via: Type.Array(Type.String()),
  firstAt: Type.String(),
  lastAt: Type.String(),
  person: Nullable(PersonRef),
  orgUnit: Nullable(OrgRef),
  routedTo: Nullable(OrgRef),
  categories: Type.Array(Type.String()),
  evidence: Type.Array(Evidence),
  idNumber: Type.Optional(Nullable(Type.String())),
});

const AcceptResult = Type.Object({
  listed: Type.Integer(),
  alreadyListed: Type.Integer(),
  tasks: Type.Integer(),
  routed: Type.Integer(),
  routedTo: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), contacts: Type.Integer() })),
});

export const TraceViewSchema = Type.Object({
  id: Type.String(),
  status: Status,
  case: Type.Object({
    node: Type.String(),
    personId: Type.String(),
    person: PersonRef,
    category: Nullable(Type.String()),
    categoryDate: Nullable(Type.String()),
    orgUnit: Nullable(OrgRef),
  }),
  window: Type.Object({ from: Type.String(), to: Type.String() }),
  depth: Type.Integer(),
  params: Type.Object({
    toleranceMinutes: Type.Integer(),
    siteTolerances: Type.Record(Type.String(), Type.Integer()),
    expandFromScore: Type.Number(),
    maxStayHours: Type.Number(),
  }),
  contacts: Type.Array(Contact),
  clusters: Type.Array(Type.Object({ id: Type.String(), site: Nullable(Type.String()), siteName: Nullable(Type.String()), day: Type.String(), nodes: Type.Array(Type.String()) })),
  counts: Type.Object({ contacts: Type.Integer(), byDegree: Type.Record(Type.String(), Type.Integer()), routed: Type.Integer() }),
  purpose: Type.String(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  acceptedBy: Nullable(Type.String()),
  accepted: Nullable(AcceptResult),
});

export const AcceptResultSchema = AcceptResult;

export const TraceList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Status,
      case: Type.Object({ personId: Type.String(), person: PersonRef, category: Nullable(Type.String()) }),
      window: Type.Object({ from: Type.String(), to: Type.String() }),
      depth: Type.Integer(),
      contacts: Type.Integer(),
      createdAt: Type.String(),
      createdBy: Nullable(Type.String()),
    }),
  ),
});

const Purpose = Type.String({ minLength: 1, maxLength: 200, description: 'why (audited); at least 4 characters' });

export const TraceBody = Type.Object(
  {
    personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    category: Type.Optional(Type.String({ maxLength: 20, description: 'confirmed | suspected | fever | close_contact' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO time or YYYY-MM-DD (China time); default 14 days before onset or confirmation' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO time or YYYY-MM-DD; default the day the case was listed (isolation)' })),
    depth: Type.Optional(Type.Integer({ description: '1-3, default 2 (contacts of contacts)' })),
    toleranceMinutes: Type.Optional(Type.Integer({ description: 'minutes between checkpoint passages that count, default 30; a site may set its own' })),
    purpose: Purpose,
  },
  { additionalProperties: false },
);

export const TraceQuery = Type.Object(
  { personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

export const AcceptBody = Type.Object(
  { nodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 100_000, description: 'the contacts to accept; default all' })) },
  { additionalProperties: false },
);

export const RevealBody = Type.Object({ purpose: Purpose }, { additionalProperties: false });

export const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' }),
    reveal: Type.Optional(Type.Boolean({ description: 'ID numbers in clear (admin, analyst; needs purpose; audited)' })),
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
