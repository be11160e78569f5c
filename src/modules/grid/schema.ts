// The HTTP contract of grid operations: the TypeBox side of types.ts (responses name every field: the serializer
// drops what a schema does not name).
import { Type } from 'typebox';
import { Nullable } from '../../http/schemas.ts';
import { ADDRESS_KINDS, MEMBER_RELATIONS } from './addresses.ts';
import { GRID_POSTS } from './posts.ts';
import { EVENT_KINDS, TASK_KINDS } from './types.ts';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Enum = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...xs] }));

export const Unit = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String() });
const Person = Type.Object({ id: Type.String(), name: Nullable(Type.String()), idNumber: Nullable(Type.String()), phone: Nullable(Type.String()) });

export const Post = Type.Object({ user: Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }), orgUnit: Unit, post: Type.String() });
export const PostList = Type.Object({ items: Type.Array(Post) });
export const PostBody = Type.Object({ username: Str(32, 1), orgCode: Str(32, 1), post: Enum(GRID_POSTS) }, { additionalProperties: false });
export const MyPosts = Type.Object({ posts: Type.Array(Type.Object({ orgUnit: Unit, post: Type.String() })) });
export const OrgQuery = Type.Object({ orgId: Type.Optional(Str(64, 1)) }, { additionalProperties: false });
export const ProgressQuery = Type.Object(
  { orgId: Type.Optional(Str(64, 1)), orgCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'the unit by its code (links of the daily summary); instead of orgId' })) },
  { additionalProperties: false },
);

export const Household = Type.Object({
  id: Type.String(),
  orgUnit: Unit,
  kind: Type.String(),
  address: Type.String(),
  members: Type.Array(Type.Object({ person: Person, relation: Type.String(), source: Type.String() })),
  openTasks: Type.Integer(),
});
export const HouseholdList = Type.Object({ items: Type.Array(Household), total: Type.Integer() });
export const HouseholdQuery = Type.Object(
  {
    orgId: Type.Optional(Str(64, 1)),
    q: Type.Optional(Str(120)),
    personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the households a person belongs to (any record of their merged group)' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const AddressBody = Type.Object(
  { orgCode: Str(32, 1), line: Str(200, 1), building: Type.Optional(Str(20)), unit: Type.Optional(Str(20)), room: Type.Optional(Str(20)), kind: Enum(ADDRESS_KINDS) },
  { additionalProperties: false },
);
export const MemberBody = Type.Object(
  { name: Str(64, 1), idNumber: Type.Optional(Str(30)), phone: Type.Optional(Str(20)), relation: Enum(MEMBER_RELATIONS) },
  { additionalProperties: false },
);
export const PurposeBody = Type.Object({ purpose: Str(200, 1) }, { additionalProperties: false });

export const Task = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  title: Nullable(Type.String()),
  orgUnit: Unit,
  person: Nullable(Person),
  address: Nullable(Type.Object({ id: Type.String(), line: Type.String() })),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  escalatedTo: Nullable(Unit),
  assignedTo: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  result: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  doneAt: Nullable(Type.String()),
  campaign: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  observation: Nullable(
    Type.Object({
      id: Type.String(),
      endAt: Type.String(),
      reports: Type.Array(Type.Object({ slot: Type.String(), temperature: Type.Number(), at: Type.String(), source: Type.String() })),
    }),
  ),
});
const TaskEvent = Type.Object({
  id: Type.String(), kind: Type.String(), at: Type.String(), result: Nullable(Type.String()), temperature: Nullable(Type.Number()), note: Nullable(Type.String()), by: Nullable(Type.String()),
});
export const TaskDetail = Type.Intersect([Task, Type.Object({ events: Type.Array(TaskEvent) })]);
export const TaskList = Type.Object({ items: Type.Array(Task), total: Type.Integer() });
export const TaskQuery = Type.Object(
  {
    view: Type.Optional(Enum(['mine', 'unit', 'escalated'])),
    orgId: Type.Optional(Str(64, 1)),
    status: Type.Optional(Enum(['open', 'done', 'all'])),
    kind: Type.Optional(Enum(TASK_KINDS)),
    due: Type.Optional(Enum(['today', 'overdue'])),
    personId: Type.Optional(Str(64, 1)),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export const AdHocBody = Type.Object(
  {
    title: Str(100, 1),
    orgCode: Type.Optional(Str(32, 1)),
    personId: Type.Optional(Str(64, 1)),
    addressId: Type.Optional(Str(64, 1)),
    dueAt: Str(40, 1),
    assignee: Type.Optional(Str(32, 1)),
    note: Type.Optional(Str(500)),
  },
  { additionalProperties: false },
);
export const TaskPatchBody = Type.Object(
  { assignee: Type.Optional(Str(32, 1)), dueAt: Type.Optional(Str(40, 1)), status: Type.Optional(Type.Literal('cancelled')) },
  { additionalProperties: false, minProperties: 1 },
);
export const SyncBody = Type.Object(
  {
    events: Type.Array(
      Type.Object(
        {
          clientId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
          taskId: Str(64, 1),
          kind: Enum(EVENT_KINDS),
          at: Str(40, 1),
          result: Type.Optional(Str(32)),
          temperature: Type.Optional(Type.Number()),
          note: Type.Optional(Str(500)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export const SyncAnswer = Type.Object({
  results: Type.Array(Type.Object({ clientId: Type.String(), status: Enum(['created', 'duplicate', 'refused']), error: Type.Optional(Type.String()), task: Type.Optional(Task) })),
});

const ProgressFields = {
  total: Type.Integer(), open: Type.Integer(), done: Type.Integer(), overdue: Type.Integer(), escalated: Type.Integer(), percentDone: Type.Number(),
  byKind: Type.Record(Type.String(), Type.Object({ total: Type.Integer(), done: Type.Integer(), overdue: Type.Integer() })),
};
export const ProgressAnswer = Type.Object({
  unit: Nullable(Unit),
  total: Type.Object(ProgressFields),
  children: Type.Array(Type.Object({ ...Unit.properties, childCount: Type.Integer(), ...ProgressFields })),
});

export const Campaign = Type.Object({
  id: Type.String(), name: Type.String(), units: Type.Array(Unit), dueAt: Type.String(), status: Type.String(), total: Type.Integer(), done: Type.Integer(),
  overdue: Type.Integer(), percentDone: Type.Number(), results: Type.Record(Type.String(), Type.Integer()),
});
export const CampaignList = Type.Object({ items: Type.Array(Campaign) });
export const CampaignDetail = Type.Intersect([
  Campaign,
  Type.Object({ grids: Type.Array(Type.Object({ orgUnit: Unit, total: Type.Integer(), done: Type.Integer(), overdue: Type.Integer(), percentDone: Type.Number() })) }),
]);
export const CampaignBody = Type.Object(
  { name: Str(100, 1), orgCodes: Type.Array(Str(32, 1), { minItems: 1, maxItems: 200 }), dueAt: Str(40, 1) },
  { additionalProperties: false },
);
