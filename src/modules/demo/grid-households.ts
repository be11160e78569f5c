// The demo's households: a household list of its grid communities (buildings, units, rooms, who lives there, a few
// shops and their workers), imported through the real household import (imports/household-batch.ts) as an office
// would. Synthetic people only (watched.ts demoPeople), the same on every start.
import fs from 'node:fs';
import path from 'node:path';
import type { Actor, Ctx } from '../../core/context.ts';
import { runImport } from '../imports/engine.ts';
import { recognizeHouseholdHeaders } from '../imports/household-row.ts';
import { createFileImport } from '../imports/service.ts';
import type { ImportView } from '../imports/view.ts';
import { demoPeople, seeded } from './watched.ts';

const HEADERS = ['网格编码', '标准地址', '楼栋', '单元', '室', '类型', '姓名', '身份证号', '手机号', '与户主关系'];
const HOUSEHOLDS_PER_BUILDING = 4;
const KIN = ['配偶', '子女', '父母', '子女'];

export interface DemoGrid {
  id: string;
  code: string;
  name: string;
  path: string;
  /** the compound's address line: township and community, unique in the region */
  line: string;
  /** building numbers of the building units under it */
  buildings: number[];
}

/** The rows of the demo household list: per building, four households of one to four; per grid, a shop. */
export function demoHouseholdRows(grids: DemoGrid[], seed = 8008): string[][] {
  const rnd = seeded(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const sizes = grids.flatMap((g) => (g.buildings.length ? g.buildings : [1]).flatMap(() => Array.from({ length: HOUSEHOLDS_PER_BUILDING }, () => 1 + int(4))));
  const people = demoPeople(sizes.reduce((s, n) => s + n, 0) + grids.length * 2, seed);
  let next = 0;
  let household = 0;
  const rows: string[][] = [];
  for (const g of grids) {
    for (const b of g.buildings.length ? g.buildings : [1]) {
      for (let h = 0; h < HOUSEHOLDS_PER_BUILDING; h++) {
        const size = sizes[household++];
        const room = `${1 + Math.floor(h / 2)}0${1 + (h % 2)}室`;
        const rented = h === HOUSEHOLDS_PER_BUILDING - 1;
        for (let m = 0; m < size; m++) {
          const p = people[next++];
          const relation = m === 0 ? (rented ? '租户' : '户主') : rented ? '租户' : KIN[(m - 1) % KIN.length];
          rows.push([g.code, g.line, `${b}号楼`, `${1 + (h % 2)}单元`, room, '住宅', p.name, p.idNumber, m === 0 || int(2) ? p.phone : '', relation]);
        }
      }
    }
    // A shop of the compound and its two workers: a workplace address of the grid.
    for (let w = 0; w < 2; w++) {
      const p = people[next++];
      rows.push([g.code, `${g.line}商业街1号`, '', '', '', '单位', p.name, p.idNumber, p.phone, '从业']);
    }
  }
  return rows;
}

/** Imports the demo household list; the file is kept in the data directory's uploads (removed after the job). */
export async function importDemoHouseholds(ctx: Ctx, actor: Actor, grids: DemoGrid[]): Promise<ImportView> {
  const dir = path.join(ctx.config.dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'demo-households.csv');
  fs.writeFileSync(file, [HEADERS, ...demoHouseholdRows(grids)].map((r) => r.join(',')).join('\n') + '\n');
  const id = await createFileImport(ctx, actor, { file, target: 'households', columns: recognizeHouseholdHeaders(HEADERS) });
  return runImport(ctx, id, { actor });
}
