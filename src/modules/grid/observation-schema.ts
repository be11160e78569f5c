// The HTTP contract of home observations (responses list every field: the serializer drops what they do not name).
import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';
import { SYMPTOMS } from '../checkins/schema.ts';
import { MAX_DAYS } from './observation-service.ts';

const Unit = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String() });
const Person = Type.Object({ id: Type.String(), name: Nullable(Type.String()), idNumber: Nullable(Type.String()), phone: Nullable(Type.String()) });
const Symptom = Type.Union(SYMPTOMS.map((s) => Type.Literal(s)));
const Half = Type.Union([Type.Literal('am'), Type.Literal('pm')]);

export const ObservationSchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'active | ended' }),
  person: Nullable(Person),
  orgUnit: Nullable(Unit),
  taskId: Type.String(),
  startAt: Type.String(),
  endAt: Type.String(),
  days: Type.Integer(),
  day: Nullable(Type.Integer({ description: 'the day of the observation today, 1 on the first' })),
  reports: Type.Array(
    Type.Object({
      slot: Type.String({ description: 'YYYY-MM-DD/am or YYYY-MM-DD/pm (China time)' }),
      temperature: Type.Number(),
      symptoms: Type.Array(Type.String()),
      at: Type.String(),
      source: Type.String({ description: 'self | worker' }),
      flagged: Type.Boolean(),
    }),
  ),
  missed: Type.Array(Type.String(), { description: 'owed slots that closed with no report' }),
  createdAt: Type.String(),
  endedAt: Nullable(Type.String()),
});

export const ObservationList = Type.Object({ items: Type.Array(ObservationSchema) });
export const PersonQuery = Type.Object({ personId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

/** The task as the grid's task list shows it (see src/modules/grid/types.ts TaskView); extra fields pass through. */
const TaskRef = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    orgUnit: Unit,
    dueAt: Type.String(),
    assignedTo: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  },
  { additionalProperties: true },
);

export const StartBody = Type.Object(
  {
    personId: Type.String({ minLength: 1, maxLength: 64 }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, description: 'default 14' })),
    startAt: Type.Optional(Type.String({ format: 'date-time', description: 'default now; up to 3 days back or 7 ahead' })),
  },
  { additionalProperties: false },
);

export const Started = Type.Object({
  observation: ObservationSchema,
  task: TaskRef,
  link: Type.String({ description: 'the personal URL to hand the person (a QR or a text message); it carries no personal data' }),
});

export const LinkResult = Type.Object({ observation: ObservationSchema, link: Type.String() });

export const TokenHeaders = Type.Object({ 'x-observation-token': Type.String({ minLength: 1, maxLength: 2048 }) });

export const PublicStatusSchema = Type.Object({
  person: Nullable(Type.String({ description: 'the name, masked' })),
  status: Type.String({ description: 'active | ended' }),
  startAt: Type.String(),
  endAt: Type.String(),
  day: Nullable(Type.Integer()),
  days: Type.Integer(),
  today: Type.Object({ am: Type.Boolean(), pm: Type.Boolean() }),
  slot: Nullable(Half),
});

export const ReportBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 2048 }),
    clientId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'made on the phone once per report: a resend is stored once' }),
    temperature: Type.Number({ description: '°C, 35.0-42.0, one decimal' }),
    symptoms: Type.Optional(Type.Array(Symptom, { maxItems: SYMPTOMS.length, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const ReportAck = Type.Object({ slot: Half, duplicate: Type.Boolean() });
