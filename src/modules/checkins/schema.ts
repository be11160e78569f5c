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

/** A check-in as staff read it: masked unless it comes from the reveal path. */
export const CheckinItem = Type.Object({
  id: Type.String(),
  groupId: Type.String(),
  at: Type.String(),
  site: Type.Object({ code: Type.String(), name: Type.String() }),
  kind: Type.String(),
  direction: Type.String(),
  role: Type.String(),
  relation: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  idType: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  plate: Type.Union([Type.String(), Type.Null()]),
  plateType: Type.Union([Type.String(), Type.Null()]),
  vehicleRole: Type.Union([Type.String(), Type.Null()]),
  temperature: Type.Union([Type.Number(), Type.Null()]),
  symptoms: Type.Array(Type.String()),
  origin: Type.Union([Type.String(), Type.Null()]),
  destination: Type.Union([Type.String(), Type.Null()]),
  places14d: Type.Array(Type.String()),
  purpose: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(Type.String()),
  enteredBy: Type.Union([Type.String(), Type.Null()], { description: 'the user who registered this person for them (assisted registration)' }),
  enteredByName: Type.Union([Type.String(), Type.Null()]),
  decision: Type.Union([Type.Object({ decision: Type.String(), at: Type.String(), by: Type.String() }), Type.Null()], { description: 'the latest decision of an officer on this passage' }),
});
