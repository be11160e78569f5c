// The synthetic people of the generated history: households with a home compound, now and then a car, and the demo's
// watched people. A person's blind indexes and sealed documents are made once and reused for every check-in they
// make: sealing is the costliest part of a row, and a person's document is the same each time. Nobody real.
import type { Ctx } from '../../core/context.ts';
import { PII_CONTEXT, type CheckinPii } from '../checkins/pii.ts';
import { demoWatchedPeople } from './watched.ts';
import { HOME_AREAS, syntheticName, syntheticPhone, syntheticResidentId, type RandomInt } from './traffic.ts';

export interface HistoryPerson {
  name: string;
  idNumber: string;
  phone: string | null;
  idBidx: string;
  phoneBidx: string | null;
  /** sealed documents by site kind (and car), made on first use */
  sealed: Map<string, string>;
}

export interface Household {
  members: HistoryPerson[];
  /** index of the community site of their compound */
  home: number;
  address: { building: string; unit: string; room: string };
  car: { plate: string; plateBidx: string } | null;
  /** people staying away from home: their origin is their home area, and they register at floating desks */
  floating: { origin: string; line: string } | null;
}

/** Where people come from: mostly the region, then the provinces around it and a few far away. */
const REGION_ORIGINS = ['150102', '150103', '150104', '150105', '150121', '150202', '150203', '150602', '150702', '150902', '152502'];
const FAR_ORIGINS = ['110101', '110105', '130102', '140105', '210102', '310101', '440305', '610113', '620102', '640104'];
/** Areas of the synthetic risk areas of the past weeks (see history.ts): people arrive from them too. */
export const RISK_ORIGINS = ['420102', '420106', '130602', '610112'];

export function pickOrigin(int: RandomInt): string {
  const r = int(100);
  if (r < 60) return REGION_ORIGINS[int(REGION_ORIGINS.length)];
  if (r < 97) return FAR_ORIGINS[int(FAR_ORIGINS.length)];
  return RISK_ORIGINS[int(RISK_ORIGINS.length)];
}

const RELATIONS = ['spouse', 'child', 'elder', 'child'] as const;
export const relationOf = (memberIndex: number): string => RELATIONS[(memberIndex - 1) % RELATIONS.length];

export class HistoryPeople {
  readonly households: Household[] = [];
  /** households by the index of their home community site */
  readonly byHome: number[][];
  readonly floating: number[] = [];
  private readonly taken: Set<string>;

  constructor(
    private readonly ctx: Ctx,
    private readonly int: RandomInt,
    people: number,
    communitySites: number,
  ) {
    // The demo's watched people come only as themselves (history.ts); replaceListed catches anyone else listed.
    this.taken = new Set(demoWatchedPeople().map((p) => p.idNumber));
    this.byHome = Array.from({ length: Math.max(1, communitySites) }, () => []);
    for (let n = 0; n < people; ) {
      const size = Math.min(people - n, [1, 1, 1, 2, 2, 2, 3, 3, 4, 4][int(10)]);
      this.households.push(this.household(size));
      n += size;
    }
    this.households.forEach((h, i) => {
      this.byHome[h.home].push(i);
      if (h.floating) this.floating.push(i);
    });
  }

  private household(size: number): Household {
    const int = this.int;
    const away = int(10) === 0;
    const areas = away ? [pickOrigin(int)] : HOME_AREAS;
    const members = Array.from({ length: size }, (_, i) => this.person(areas, i === 0 || int(2) === 0));
    const plate = int(10) < 4 ? `蒙A${String(int(100_000)).padStart(5, '0')}` : null;
    return {
      members,
      home: int(this.byHome.length),
      address: { building: String(1 + int(20)), unit: String(1 + int(4)), room: String(101 + int(1500)) },
      car: plate ? { plate, plateBidx: this.ctx.blindIndex.of('plate', plate) } : null,
      floating: away ? { origin: areas[0], line: `新华大街${1 + int(300)}号` } : null,
    };
  }

  private person(areas: readonly string[], hasPhone: boolean): HistoryPerson {
    let idNumber: string;
    do idNumber = syntheticResidentId(this.int, areas);
    while (this.taken.has(idNumber));
    this.taken.add(idNumber);
    const phone = hasPhone ? syntheticPhone(this.int) : null;
    const { blindIndex } = this.ctx;
    return { name: syntheticName(this.int), idNumber, phone, idBidx: blindIndex.of('id_number', idNumber), phoneBidx: phone ? blindIndex.of('phone', phone) : null, sealed: new Map() };
  }

  /**
   * Replaces the people who happen to share a document with someone on a watched list (the demo's lists hold
   * synthetic people too): a history check-in of theirs would be a watch-list hit that it does not flag.
   */
  async replaceListed(listed: (idBidxs: string[]) => Promise<Set<string>>): Promise<number> {
    let replaced = 0;
    for (let i = 0; i < this.households.length; i += 500) {
      const members = this.households.slice(i, i + 500).flatMap((h) => h.members);
      const found = await listed(members.map((m) => m.idBidx));
      for (const h of this.households.slice(i, i + 500)) {
        h.members = h.members.map((m) => {
          if (!found.has(m.idBidx)) return m;
          replaced++;
          return this.person(HOME_AREAS, !!m.phone);
        });
      }
    }
    return replaced;
  }

  /** A demo watched person as a household of one (they live in the first compound). */
  watchedHousehold(p: { name: string; idNumber: string; phone: string }): Household {
    const { blindIndex } = this.ctx;
    const person = { name: p.name, idNumber: p.idNumber, phone: p.phone, idBidx: blindIndex.of('id_number', p.idNumber), phoneBidx: blindIndex.of('phone', p.phone), sealed: new Map() };
    return { members: [person], home: 0, address: { building: '1', unit: '1', room: '101' }, car: null, floating: null };
  }

  /** The kind's details of a household's registration (the same for every member but the floating stay). */
  detailsFor(h: Household, kind: string, day: string, p?: HistoryPerson): Record<string, unknown> | undefined {
    if (kind === 'community') return { community: { role: 'resident' }, address: h.address };
    if (kind === 'floating') {
      const stayDays = 7 + ((p ?? h.members[0]).idNumber.charCodeAt(16) % 60);
      return { floating: { arrivalDate: day, stayDays, hostKind: 'landlord' }, address: { line: h.floating?.line ?? `新华大街${h.address.building}号` } };
    }
    return undefined;
  }

  /**
   * The document sealed in a row, as the check-in service builds it: the person, the plate of the car they came in,
   * and the kind's details. Floating arrivals keep the date of their first registration.
   */
  sealedFor(h: Household, p: HistoryPerson, kind: string, withCar: boolean, day: string): string {
    const key = `${kind}|${withCar ? 1 : 0}`;
    let sealed = p.sealed.get(key);
    if (sealed) return sealed;
    const details = this.detailsFor(h, kind, day, p);
    const doc: CheckinPii = {
      name: p.name,
      idNumber: p.idNumber,
      ...(p.phone && { phone: p.phone }),
      ...(withCar && h.car && { plate: h.car.plate }),
      ...(details && { details }),
    };
    sealed = this.ctx.cipher.encrypt(PII_CONTEXT, JSON.stringify(doc));
    p.sealed.set(key, sealed);
    return sealed;
  }
}
