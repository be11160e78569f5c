import { Type } from 'typebox';
import { REASON_KINDS, type ReasonKind } from './similarity.ts';

const Time = Type.Union([Type.String(), Type.Null()]);
const Masked = Type.Union([Type.String(), Type.Null()]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('undone')], {
  description: 'open: to decide; accepted: merged; rejected: not the same person; undone: its merge was undone, to decide again',
});

export const MergePerson = Type.Object({
  id: Type.String(),
  name: Masked,
  idNumber: Masked,
  phone: Masked,
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  gender: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]),
  source: Type.String({ description: 'where the record was first made: checkin, import or officer' }),
  lists: Type.Array(Type.String(), { description: 'lists in your scope the record is on' }),
  mergedInto: Type.Union([Type.String(), Type.Null()], { description: 'the record it now stands under, when merged' }),
});

export const Reason = Type.Object({
  kind: Type.Unsafe<ReasonKind>(Type.Union(REASON_KINDS.map((k) => Type.Literal(k)), { description: 'what the two records share, or where they disagree' })),
  weight: Type.Number({ description: 'contribution to the score; negative for evidence against' }),
});

export const Candidate = Type.Object({
  id: Type.String(),
  score: Type.Number({ minimum: 0, maximum: 1 }),
  reasons: Type.Array(Reason),
  status: Status,
  a: MergePerson,
  b: MergePerson,
  createdAt: Type.String(),
  decidedAt: Time,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
});

export const Merge = Type.Object({
  id: Type.String(),
  candidateId: Type.Union([Type.String(), Type.Null()]),
  kept: MergePerson,
  merged: MergePerson,
  at: Type.String(),
  by: Type.Union([Type.String(), Type.Null()]),
  undoneAt: Time,
  undoneBy: Type.Union([Type.String(), Type.Null()]),
});

export const CandidateQuery = Type.Object(
  {
    status: Type.Optional(Status),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);

export const MergeQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'nextBefore of the previous page' })),
  },
  { additionalProperties: false },
);

export const AcceptBody = Type.Object(
  { keep: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')], { description: 'the record kept; default: the one with a document, else a' })) },
  { additionalProperties: false },
);
