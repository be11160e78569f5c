import { Type } from 'typebox';

export const SiteKindSchema = Type.Union([Type.Literal('checkpoint'), Type.Literal('community'), Type.Literal('floating'), Type.Literal('station')]);
const Code = Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9]+$' });

export const Site = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'short code printed on the poster, e.g. CP7K2Q' }),
  name: Type.String(),
  kind: SiteKindSchema,
  orgUnit: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  tokenGeneration: Type.Integer(),
  previousGeneration: Type.Union([Type.Integer(), Type.Null()]),
  previousValidUntil: Type.Union([Type.String(), Type.Null()], { description: 'QR codes of the previous generation work until then' }),
  disabled: Type.Boolean(),
  traceToleranceMin: Type.Union([Type.Integer(), Type.Null()], { description: 'minutes between passages that count as an exposure when tracing; null: the default (30)' }),
  url: Type.String({ description: 'what the QR code holds: <public URL>/r/<signed token>' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const CodeParams = Type.Object({ code: Code }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'sites of this unit and the units below it' })),
    kind: Type.Optional(SiteKindSchema),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    kind: SiteKindSchema,
    name: Type.String({ minLength: 1, maxLength: 80 }),
  },
  { additionalProperties: false },
);

export const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    disabled: Type.Optional(Type.Boolean()),
    traceToleranceMin: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 720 }), Type.Null()], { description: 'tracing tolerance of this site in minutes; null: the default' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RotateBody = Type.Object(
  { graceHours: Type.Integer({ minimum: 0, maximum: 720, description: 'how long QR codes printed until now keep working (0-720 h, 30 days)' }) },
  { additionalProperties: false },
);

export const PostersBody = Type.Object({ codes: Type.Array(Code, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });

export const ValidityQuery = Type.Object(
  { validDays: Type.Integer({ minimum: 1, maximum: 730, default: 365, description: 'how long the printed QR code stays valid' }) },
  { additionalProperties: false },
);

export const ResolveQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

export const PublicSite = Type.Object({
  site: Type.Object({ code: Type.String(), name: Type.String(), kind: SiteKindSchema, orgName: Type.String() }),
});

/** Binary bodies (PDF, PNG) and SVG text: sent as they are, never serialised as JSON. */
export const Binary = (mediaType: string) => Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary', description: mediaType });
