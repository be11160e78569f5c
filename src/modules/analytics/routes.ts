import { Type, type TSchema } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../http/auth.ts';
import { Nullable, errors } from '../../http/schemas.ts';
import { readDashboard } from './service.ts';
import { CATEGORIES } from './types.ts';

const Int = Type.Integer();
const Num = Type.Number();
const Str = Type.String();
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props);
const Change = Obj({ value: Num, previous: Num, change: Num, ratio: Nullable(Num) });
const OrgRef = { code: Str, name: Str, level: Str };
const Origin = Obj({ code: Str, name: Str, checkins: Int });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day in China Standard Time, YYYY-MM-DD' });

const Dashboard = Obj({
  org: Obj({ ...OrgRef, hasChildren: Type.Boolean() }),
  breadcrumb: Type.Array(Obj(OrgRef), { description: 'from the top of your scope down to org' }),
  period: Obj({ from: Str, to: Str }),
  today: Str,
  figures: Obj({ checkins: Change, flagged: Change, watchHits: Change }),
  categories: Type.Array(Obj({ category: Type.Union([Type.Literal(CATEGORIES[0]), Type.Literal(CATEGORIES[1]), Type.Literal(CATEGORIES[2]), Type.Literal(CATEGORIES[3])]), current: Change, addedToday: Int })),
  subUnits: Type.Array(Obj({ ...OrgRef, hasChildren: Type.Boolean(), own: Type.Boolean({ description: "the unit's own sites, not a unit below" }), checkins: Int, flagged: Int, watchHits: Int })),
  sites: Type.Array(Obj({ code: Str, name: Str, kind: Str, checkins: Int, flagged: Int })),
  origins: Obj({ provinces: Type.Array(Origin), cities: Type.Array(Origin) }),
  siteKinds: Type.Array(Obj({ kind: Str, checkins: Int })),
  flagReasons: Type.Array(Obj({ flag: Str, count: Int })),
  daily: Type.Array(Obj({ day: Str, checkins: Int, flagged: Int, watchHits: Int, checkinsAvg7: Num, flaggedAvg7: Num })),
  categoriesDaily: Type.Array(Obj({ day: Str, confirmed: Int, suspected: Int, fever: Int, close_contact: Int })),
  totals: Obj({ checkins: Int, flagged: Int, watchHits: Int }),
});

export const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Key figures and chart data of an org unit in your scope, read from the rollups (counts are people)',
        querystring: Type.Object(
          {
            org: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'org unit code; default: the top of your scope' })),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
        response: { 200: Dashboard, ...errors(400, 403, 404) },
      },
    },
    async (request) => readDashboard(app.ctx, principalOf(request), request.query),
  );
};
