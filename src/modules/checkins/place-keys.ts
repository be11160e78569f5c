// Where a check-in says someone lives or stays, as blind indexes: a community resident's room and building (within
// the compound of the site), a floating arrival's address (within the unit of the desk). Tracing matches households
// and buildings on them without opening sealed documents. Pure: the caller passes its blind index.
import type { BlindIndex } from '../../core/crypto.ts';

export interface PlaceKeys {
  dwellingBidx: string | null;
  buildingBidx: string | null;
}

const NONE: PlaceKeys = { dwellingBidx: null, buildingBidx: null };

/** "3号楼", "3栋" and "3" are one building; "2单元" and "2" one unit; "501室" and "501" one room. */
function part(v: unknown, suffix: RegExp): string {
  if (typeof v !== 'string') return '';
  return v.normalize('NFKC').replace(/\s+/g, '').toUpperCase().replace(suffix, '');
}
const BUILDING = /(号楼|栋|幢|座|号|楼)$/u;
const UNIT = /(单元|门)$/u;
const ROOM = /(室|号|户)$/u;

export function placeKeys(blindIndex: Pick<BlindIndex, 'of'>, site: { kind: string; orgPath: string }, details: Record<string, unknown> | null | undefined): PlaceKeys {
  const address = details?.address as Record<string, unknown> | undefined;
  if (!address) return NONE;
  const building = part(address.building, BUILDING);
  const room = [building, part(address.unit, UNIT), part(address.room, ROOM)];
  if (site.kind === 'community') {
    if ((details?.community as { role?: string } | undefined)?.role !== 'resident' || !building) return NONE;
    return {
      dwellingBidx: room[2] ? blindIndex.of('dwelling', `${site.orgPath}|${room.join('|')}`) : null,
      buildingBidx: blindIndex.of('building', `${site.orgPath}|${building}`),
    };
  }
  if (site.kind === 'floating') {
    const line = typeof address.line === 'string' ? address.line.normalize('NFKC').replace(/[\s\p{P}]/gu, '').toUpperCase() : '';
    if (!line && !room[2]) return NONE;
    return { dwellingBidx: blindIndex.of('dwelling', `${site.orgPath}|${line}|${room.join('|')}`), buildingBidx: null };
  }
  return NONE;
}
