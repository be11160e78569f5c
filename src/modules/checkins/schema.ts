// The check-in contract that the phone page, the officer app and tests rely on (issue 3).
import { Type, type Static } from 'typebox';

const Str = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const ID_TYPE = Type.Union(['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'].map((t) => Type.Literal(t)));
export const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'loss_of_taste_smell', 'diarrhea', 'short_breath'] as const;
const Division = Type.String({ pattern: '^[0-9]{6}$' });

export const PersonBody = Type.Object(
  {
    name: Str(40),
    idType: Type.Optional(ID_TYPE),
    idNumber: Type.Optional(Str(40)),
    phone: Type.Optional(Str(20)),
  },
  { additionalProperties: false },
);

export const CompanionBody = Type.Object(
  {
    name: Str(40),
    idType: Type.Optional(ID_TYPE),
    idNumber: Type.Optional(Str(40)),
    phone: Type.Optional(Str(20)),
    relation: Type.Union(['child', 'elder', 'spouse', 'relative', 'other'].map((t) => Type.Literal(t))),
  },
  { additionalProperties: false },
);

export const CheckinBody = Type.Object(
  {
    token: Str(1024, 10),
    key: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$', description: 'client-made idempotency key' }),
    direction: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
    person: PersonBody,
    companions: Type.Optional(Type.Array(CompanionBody, { maxItems: 10 })),
    vehicle: Type.Optional(
      Type.Object(
        {
          plate: Str(12),
          plateType: Type.Optional(Type.Union(['ordinary', 'new_energy', 'trailer', 'coach', 'police', 'embassy', 'hk_macao', 'other'].map((t) => Type.Literal(t)))),
          role: Type.Union([Type.Literal('driver'), Type.Literal('passenger')]),
        },
        { additionalProperties: false },
      ),
    ),
    passengers: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    origin: Type.Optional(Division),
    destination: Type.Optional(Division),
    places14d: Type.Optional(Type.Array(Division, { maxItems: 20 })),
    temperature: Type.Optional(Type.Number({ minimum: 30, maximum: 45 })),
    symptoms: Type.Optional(Type.Array(Type.Union(SYMPTOMS.map((s) => Type.Literal(s))), { maxItems: SYMPTOMS.length, uniqueItems: true })),
    purpose: Type.Optional(Type.Union(['commute', 'business', 'logistics', 'return_home', 'medical', 'visit', 'other'].map((t) => Type.Literal(t)))),
    address: Type.Optional(Type.Object({ building: Type.Optional(Str(20)), unit: Type.Optional(Str(20)), room: Type.Optional(Str(20)), line: Type.Optional(Str(120)) }, { additionalProperties: false })),
    community: Type.Optional(Type.Object({ role: Type.Union([Type.Literal('resident'), Type.Literal('visitor')]), visiting: Type.Optional(Str(80)) }, { additionalProperties: false })),
    floating: Type.Optional(
      Type.Object(
        {
          arrivalDate: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
          host: Type.Optional(Str(80)),
          hostKind: Type.Optional(Type.Union([Type.Literal('landlord'), Type.Literal('employer')])),
          stayDays: Type.Integer({ minimum: 1, maximum: 3650 }),
        },
        { additionalProperties: false },
      ),
    ),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en'), Type.Literal('mn')])),
  },
  { additionalProperties: false },
);

export type CheckinInput = Static<typeof CheckinBody>;

export const CheckinAck = Type.Object({
  id: Type.String(),
  pass: Type.String({ description: 'signed pass token for the QR; no personal data' }),
  flags: Type.Array(Type.String()),
});
