// What an officer does at the gate besides watching the feed: scan a pass, look a person up, read the shift.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { errors } from '../../http/schemas.ts';
import { Decision } from '../decisions/schema.ts';
import { CheckinItem } from './schema.ts';
import { lookupCheckins } from './lookup.ts';
import { scanPass } from './pass-scan.ts';
import { shiftSummary } from './shift-summary.ts';

const Count = Type.Integer({ minimum: 0 });
const Hour = Type.Object({ hour: Type.String({ description: 'start of the hour, ISO 8601' }), count: Count });

const ShiftSummary = Type.Object({
  site: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  in: Count,
  out: Count,
  people: Count,
  submissions: Count,
  flagged: Count,
  decisions: Type.Object({ pass: Count, hold: Count, refer: Count }),
  busiestHour: Type.Union([Hour, Type.Null()]),
  hours: Type.Array(Hour),
});

const PassScan = Type.Object({
  checkin: CheckinItem,
  companions: Type.Array(CheckinItem),
  latest: Type.Union([CheckinItem, Type.Null()], { description: "the person's latest check-in in your scope" }),
  lists: Type.Array(Type.Object({ list: Type.String(), category: Type.Union([Type.String(), Type.Null()]), since: Type.Union([Type.String(), Type.Null()]) })),
  decisions: Type.Array(Decision),
  issuedAt: Type.String(),
});

export const officerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/passes/scan',
    {
      schema: {
        tags: ['officer'],
        summary: "A scanned personal pass: the person's check-ins, companions and decisions, masked (audited)",
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: PassScan, ...errors(400, 403, 404) },
      },
    },
    async (request) => scanPass(app.ctx, principalOf(request), request.body.token),
  );

  app.post(
    '/lookups',
    {
      schema: {
        tags: ['officer'],
        summary: 'Check-ins of one ID number, phone or plate (exact, through the blind indexes), masked; audited with its purpose',
        body: Type.Object(
          {
            by: Type.Union([Type.Literal('idNumber'), Type.Literal('phone'), Type.Literal('plate')]),
            value: Type.String({ minLength: 1, maxLength: 40 }),
            purpose: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(CheckinItem) }), ...errors(400, 403) },
      },
    },
    async (request) => lookupCheckins(app.ctx, principalOf(request), request.body.by, request.body.value, request.body.purpose),
  );

  app.get(
    '/sites/:code/summary',
    {
      schema: {
        tags: ['officer'],
        summary: 'The shift at one site (default: the last 12 hours): in, out, flagged, decisions, busiest hour',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9]+$' }) }, { additionalProperties: false }),
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) },
          { additionalProperties: false },
        ),
        response: { 200: ShiftSummary, ...errors(400, 403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return shiftSummary(app.ctx, principalOf(request), request.params.code, { from: from ? Date.parse(from) : undefined, to: to ? Date.parse(to) : undefined });
    },
  );
};
