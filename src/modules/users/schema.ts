import { Type } from 'typebox';
import { ScopeUnit } from '../auth/schema.ts';

const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('commander'), Type.Literal('analyst'), Type.Literal('officer'), Type.Literal('grid_worker')]);
const OrgCodes = Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { minItems: 1, maxItems: 50 });

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scopes: Type.Array(ScopeUnit),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const ListQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const CreateBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 32 }),
    displayName: Type.String({ maxLength: 64 }),
    role: RoleSchema,
    orgCodes: OrgCodes,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const PatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.Optional(RoleSchema),
    orgCodes: Type.Optional(OrgCodes),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RevealBody = Type.Object(
  { field: Type.Literal('phone'), purpose: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
