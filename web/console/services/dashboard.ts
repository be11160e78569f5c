// GET /api/v1/dashboard: the figures of one org unit and a period, read by the server from its rollup tables.
// The types are the server's own (src/modules/analytics/types.ts holds types and one constant, nothing to run).
import { api } from '../../shared/api.ts';

export { CATEGORIES } from '../../../src/modules/analytics/types.ts';
export type {
  Category,
  CategoryDay,
  CategoryFigure,
  Change,
  Dashboard,
  DayFigures,
  OrgRef,
  OriginFigures,
  Period,
  SiteFigures,
  SubUnitFigures,
  UnitFigures,
} from '../../../src/modules/analytics/types.ts';
import type { Dashboard } from '../../../src/modules/analytics/types.ts';

/** What the page asks for; all optional (the server defaults to the top unit of the scope and the last 14 days). */
export interface DashboardQuery {
  org?: string;
  from?: string;
  to?: string;
}

export function getDashboard(q: DashboardQuery): Promise<Dashboard> {
  return api.get<Dashboard>('/api/v1/dashboard', { org: q.org, from: q.from, to: q.to });
}
