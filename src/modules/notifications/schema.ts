import { Type } from 'typebox';

export const Kind = Type.Union([Type.Literal('wecom'), Type.Literal('dingtalk'), Type.Literal('generic')], {
  description: 'wecom: WeCom group robot; dingtalk: DingTalk group robot; generic: JSON POST of the alert (see GenericAlertBody)',
});
const Event = Type.Union([Type.Literal('flagged'), Type.Literal('decision'), Type.Literal('task_overdue'), Type.Literal('grid_daily')], {
  description: 'flagged: a check-in with flags; decision: an officer holds or refers someone; task_overdue: a grid task still open after its due time, escalated to the unit above; grid_daily: the grid\'s summary at 20:00 (China time)',
});
const Events = Type.Array(Event, { minItems: 1, maxItems: 4, uniqueItems: true });
const SentEvent = Type.Union([Type.Literal('flagged'), Type.Literal('decision'), Type.Literal('task_overdue'), Type.Literal('grid_daily'), Type.Literal('test')]);
const Url = Type.String({ minLength: 8, maxLength: 1000, description: 'the robot or webhook address: https (http only for this machine)' });
const Secret = Type.String({ maxLength: 200, description: 'DingTalk: the robot\'s signing secret (SEC…); generic: the HMAC key of X-TraceGrid-Signature' });
const Status = Type.Union([Type.Literal('pending'), Type.Literal('retrying'), Type.Literal('sent'), Type.Literal('failed')]);
const Time = Type.Union([Type.String(), Type.Null()]);

export const Webhook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Kind,
  orgUnit: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }, { description: 'alerts of every site in this unit and below' }),
  urlHint: Type.String({ description: 'scheme and host of the address; the address itself is never shown again' }),
  hasSecret: Type.Boolean(),
  events: Events,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Delivery = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  event: SentEvent,
  subjectId: Type.Union([Type.String(), Type.Null()], { description: 'the check-in or task the alert is about (grid_daily: grid_daily|<day>|<webhook>)' }),
  summary: Type.String({ description: 'the title of the message (masked)' }),
  status: Status,
  attempts: Type.Integer(),
  nextAt: Type.Union([Type.String(), Type.Null()], { description: 'next attempt, while pending or retrying' }),
  lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the last answer' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  sentAt: Time,
});

export const CreateBody = Type.Object(
  {
    orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    kind: Kind,
    url: Url,
    secret: Type.Optional(Type.Union([Secret, Type.Null()])),
    events: Events,
  },
  { additionalProperties: false },
);

export const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    url: Type.Optional(Url),
    secret: Type.Optional(Type.Union([Secret, Type.Null()], { description: 'a new secret; null removes it' })),
    events: Type.Optional(Events),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const DeliveriesQuery = Type.Object(
  {
    status: Type.Optional(Status),
    before: Type.Optional(Type.String({ maxLength: 32, description: 'the nextBefore of the previous page' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const GENERIC_WEBHOOK_DOC =
  'POSTed as JSON {event, at, site: {code, name, orgUnit}, checkin: {id, kind, direction, flags, people, person: {name, idNumber, phone} masked}, decision?: {decision, by}, ' +
  'grid?: {code, name, counts?: {day, open, doneToday, overdue, missedReports, campaigns}}, task?: {id, kind, title, person (masked), dueAt, escalatedTo}, link}. ' +
  'Headers: X-TraceGrid-Event, X-TraceGrid-Delivery (the same on retries: drop repeats), X-TraceGrid-Timestamp (ms) and, with a secret, ' +
  'X-TraceGrid-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed by the secret>. Answer 2xx to acknowledge.';

/** What a generic webhook receives (typed against the alert that is sent, in routes.ts). */
export const GenericAlertBody = Type.Object(
  {
    event: SentEvent,
    at: Type.String({ description: 'when it happened, ISO 8601' }),
    site: Type.Union([Type.Object({ code: Type.String(), name: Type.String(), orgUnit: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
    checkin: Type.Union([
      Type.Object({
        id: Type.String(),
        kind: Type.String(),
        direction: Type.String(),
        flags: Type.Array(Type.String()),
        people: Type.Union([Type.Integer(), Type.Null()]),
        person: Type.Object({ name: Time, idNumber: Time, phone: Time }, { description: 'masked, never in clear' }),
      }),
      Type.Null(),
    ]),
    decision: Type.Optional(Type.Object({ decision: Type.Union([Type.Literal('hold'), Type.Literal('refer')]), by: Type.String() })),
    grid: Type.Optional(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          counts: Type.Optional(
            Type.Object({
              day: Type.String({ description: 'YYYY-MM-DD, China time' }),
              open: Type.Integer(),
              doneToday: Type.Integer(),
              overdue: Type.Integer(),
              missedReports: Type.Integer({ description: 'temperature report slots of the day that ended with no report' }),
              campaigns: Type.Array(Type.Object({ name: Type.String(), total: Type.Integer(), done: Type.Integer(), percentDone: Type.Number() })),
            }),
          ),
        },
        { description: 'task_overdue: the task\'s grid; grid_daily: the webhook\'s unit and its day' },
      ),
    ),
    task: Type.Optional(
      Type.Object(
        {
          id: Type.String(),
          kind: Type.String(),
          title: Time,
          person: Type.Union([Type.Object({ name: Time, idNumber: Time, phone: Time }), Type.Null()], { description: 'masked, never in clear' }),
          dueAt: Type.String(),
          escalatedTo: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
        },
        { description: 'task_overdue: the task escalated' },
      ),
    ),
    link: Type.String({ description: 'the check-in, task or grid in the console' }),
  },
  { description: GENERIC_WEBHOOK_DOC },
);
