// Shared by the backup tests: a data set with personal data (users, check-ins) written through a real server.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createSite } from '../../src/modules/sites/service.ts';
import { bootstrapAdministrator } from '../../src/modules/users/service.ts';
import { openRuntime } from '../../src/runtime.ts';
import { operator, seedOrgTree, seedUser } from './factories.ts';
import { idemKey, syntheticPerson } from './people.ts';

export const ADMIN_PASSWORD = 'Backup-test-pass-1';

/** The test's check-ins all come from one address: lift the per-address limit (a config file, as an operator would). */
export function withConfigFile(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, 'tracegrid.config.json');
  fs.writeFileSync(file, JSON.stringify({ checkinLimits: { perAddress: 100_000 } }));
  return { TRACEGRID_CONFIG: file };
}

/** Administrator, org tree, a user with a phone, a site; returns the site's QR token. */
export async function prepare(env: Record<string, string>, dataDir: string): Promise<string> {
  const rt = await openRuntime(loadConfig(env, dataDir));
  try {
    await bootstrapAdministrator(rt.ctx, { password: ADMIN_PASSWORD, regionCode: '150000', regionName: '内蒙古自治区' });
    await seedOrgTree(rt.ctx);
    await seedUser(rt.ctx, 'officer-a', 'officer', ['150102'], { phone: '13900001111' });
    const site = await createSite(rt.ctx, operator, { orgCode: '150102', kind: 'checkpoint', name: '备份测试卡口' });
    return site.url.split('/r/')[1];
  } finally {
    await rt.close();
  }
}

export interface Sent {
  key: string;
  id: string;
  person: ReturnType<typeof syntheticPerson>;
}

/** Check-ins posted by `workers` loops until stop(); `acked` grows as the server answers 201. */
export function streamCheckins(url: string, token: string, workers = 8) {
  const acked: Sent[] = [];
  let stop = false;
  const loop = async () => {
    while (!stop) {
      const person = syntheticPerson();
      const key = idemKey();
      const res = await fetch(`${url}/api/v1/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, key, direction: 'in', person, origin: '150102', destination: '150103' }) });
      if (res.status === 201) acked.push({ key, id: ((await res.json()) as { id: string }).id, person });
      else throw new Error(`check-in refused: ${res.status} ${await res.text()}`);
    }
  };
  const running = Promise.all(Array.from({ length: workers }, loop));
  return { acked, stop: () => ((stop = true), running) };
}

export async function login(url: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return res.status;
}

