// Test data: a small synthetic org tree with users at each level.
import type { Actor, Ctx, Role } from '../../src/core/context.ts';
import { SYSTEM_SCOPE } from '../../src/core/scope.ts';
import { importOrgUnits } from '../../src/modules/org/import.ts';
import { createUser } from '../../src/modules/users/service.ts';

export const operator: Actor = { userId: null, username: 'test-operator', role: 'admin', scope: SYSTEM_SCOPE, ip: null, homePath: null };

export const PASSWORD = 'Correct-horse-42';

/**
 * 150000 region
 *   150100 city A: 150102 county A1 (150102001 township, 150102001001 community), 150103 county A2
 *   150200 city B: 150202 county B1
 */
export const TREE = [
  ['150000', '内蒙古自治区', 'region', ''],
  ['150100', '呼和浩特市', 'city', '150000'],
  ['150102', '新城区', 'county', '150100'],
  ['150102001', '示范街道', 'township', '150102'],
  ['150102001001', '阳光社区', 'community', '150102001'],
  ['150103', '回民区', 'county', '150100'],
  ['150200', '包头市', 'city', '150000'],
  ['150202', '东河区', 'county', '150200'],
] as const;

export async function seedOrgTree(ctx: Ctx): Promise<void> {
  await importOrgUnits(
    ctx,
    operator,
    TREE.map(([code, name, level, parent], i) => ({ row: i + 2, code, name, level, parent })),
    'test tree',
  );
}

export async function seedUser(ctx: Ctx, username: string, role: Role, orgCodes: string[], extra: { phone?: string } = {}) {
  return createUser(ctx, operator, { username, displayName: username, role, orgCodes, password: PASSWORD, ...extra });
}
