import { Type } from 'typebox';
import { ORG_LEVELS } from './service.ts';

export const Level = Type.Union(ORG_LEVELS.map((l) => Type.Literal(l)));

export const OrgUnit = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  childCount: Type.Integer(),
});

export const ListQuery = Type.Object({ parentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });

export const CreateBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    level: Level,
    parentId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    level: Type.Optional(Level),
    parentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
