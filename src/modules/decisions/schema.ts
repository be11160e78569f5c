import { Type } from 'typebox';

const DecisionKind = (options = {}) => Type.Union([Type.Literal('pass'), Type.Literal('hold'), Type.Literal('refer')], options);
const Via = (options = {}) => Type.Union([Type.Literal('feed'), Type.Literal('scan'), Type.Literal('lookup')], options);

export const Decision = Type.Object({
  id: Type.String(),
  checkinId: Type.String(),
  decision: DecisionKind(),
  note: Type.Union([Type.String(), Type.Null()]),
  via: Via(),
  at: Type.String(),
  by: Type.Object({ id: Type.String(), displayName: Type.String() }),
});

export const DecisionBody = Type.Object(
  {
    decision: DecisionKind({ description: 'pass: let pass; hold: hold for screening; refer: refer to a medical point' }),
    note: Type.Optional(Type.String({ maxLength: 200 })),
    via: Type.Optional(Via({ description: 'how the officer reached the person (default: feed)' })),
  },
  { additionalProperties: false },
);
