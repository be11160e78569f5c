import { Type } from 'typebox';

export const DivisionQuery = Type.Object(
  { parent: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 code; absent for the provinces' })) },
  { additionalProperties: false },
);

export const DivisionItem = Type.Object({ code: Type.String(), name: Type.String() });

export const DivisionList = Type.Object({ items: Type.Array(DivisionItem) });
