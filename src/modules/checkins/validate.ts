// What each site kind requires, and the shared validators applied to every personal field. Pure: no I/O.
// The same validators run on the phone; the server runs them again whatever the page already checked.
import { invalid } from '../../core/errors.ts';
import { reasonCode, type Reason } from '../../core/validation/result.ts';
import { validateIdNumber } from '../../core/validation/id-number.ts';
import { validatePhone } from '../../core/validation/phone.ts';
import { validatePlate } from '../../core/validation/plate.ts';
import type { CheckinInput } from './schema.ts';

export type SiteKind = 'checkpoint' | 'community' | 'floating' | 'station';

export interface NormalPerson {
  name: string;
  idType: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: string | null;
}

export interface NormalSubmission {
  direction: 'in' | 'out';
  people: NormalPerson[]; // the submitter first, then companions
  vehicle: { plate: string; plateType: string; role: string } | null;
  temperature: number | null;
  symptoms: string[];
  origin: string | null;
  destination: string | null;
  places14d: string[];
  purpose: string | null;
  /** kind-specific details, sealed together at rest */
  details: Record<string, unknown> | null;
  lang: string | null;
}

const required = (field: string) => invalid('validation.required', { field }, field);
const bad = (reason: Reason, field: string) => invalid(reasonCode(reason), { field }, field);

function person(p: CheckinInput['person'], field: string, needs: { id: boolean; phone: boolean }, relation: string | null): NormalPerson {
  const name = p.name.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!name) throw required(`${field}.name`);
  let idNumber: string | null = null;
  if (p.idNumber || needs.id) {
    if (!p.idNumber) throw required(`${field}.idNumber`);
    const r = validateIdNumber(p.idType ?? 'resident_id', p.idNumber);
    if (!r.ok) throw bad(r.reason, `${field}.idNumber`);
    idNumber = r.value;
  }
  let phone: string | null = null;
  if (p.phone || needs.phone) {
    if (!p.phone) throw required(`${field}.phone`);
    const r = validatePhone(p.phone);
    if (!r.ok) throw bad(r.reason, `${field}.phone`);
    phone = r.value;
  }
  return { name, idType: idNumber ? (p.idType ?? 'resident_id') : null, idNumber, phone, relation };
}

/**
 * `assisted`: an officer registers someone who has no phone (the elderly, children travelling alone), so the
 * phone number is optional there; everything else is checked as for self-registration.
 */
export function normalizeSubmission(kind: SiteKind, input: CheckinInput, isKnownDivision: (code: string) => boolean, opts: { assisted?: boolean } = {}): NormalSubmission {
  const division = (code: string | undefined, field: string, need: boolean): string | null => {
    if (!code) {
      if (need) throw required(field);
      return null;
    }
    if (!isKnownDivision(code)) throw bad('division.unknown', field);
    return code;
  };
  const fullId = kind !== 'community';
  const people = [person(input.person, 'person', { id: fullId, phone: !opts.assisted }, null)];
  (input.companions ?? []).forEach((c, i) => people.push(person(c, `companions.${i}`, { id: false, phone: false }, c.relation)));

  let vehicle: NormalSubmission['vehicle'] = null;
  if (input.vehicle) {
    if (kind !== 'checkpoint') throw invalid('validation.unknown_field', { field: 'vehicle' }, 'vehicle');
    const r = validatePlate(input.vehicle.plate, input.vehicle.plateType);
    if (!r.ok) throw bad(r.reason, 'vehicle.plate');
    vehicle = { plate: r.value.plate, plateType: r.value.type, role: input.vehicle.role };
  }
  if (input.temperature !== undefined && (input.temperature < 34 || input.temperature > 43)) throw bad('temperature.range', 'temperature');

  let details: Record<string, unknown> | null = null;
  const address = input.address ? Object.fromEntries(Object.entries(input.address).map(([k, v]) => [k, v.trim()])) : null;
  if (kind === 'checkpoint') {
    if (!input.direction) throw required('direction');
    details = input.passengers !== undefined ? { passengers: input.passengers } : null;
  } else if (kind === 'community') {
    if (!input.direction) throw required('direction');
    if (!input.community) throw required('community.role');
    if (input.community.role === 'resident' && !address) throw required('address');
    if (input.community.role === 'visitor' && !input.community.visiting?.trim()) throw required('community.visiting');
    details = { community: input.community, ...(address && { address }) };
  } else if (kind === 'floating') {
    if (!input.floating) throw required('floating.arrivalDate');
    if (!address) throw required('address');
    if (Number.isNaN(Date.parse(input.floating.arrivalDate))) throw invalid('validation.format', { field: 'floating.arrivalDate' }, 'floating.arrivalDate');
    details = { floating: input.floating, address };
  } else if (address) {
    details = { address };
  }
  const outside = (field: keyof CheckinInput, allowed: SiteKind[]) => {
    if (input[field] !== undefined && !allowed.includes(kind)) throw invalid('validation.unknown_field', { field }, field);
  };
  outside('community', ['community']);
  outside('floating', ['floating']);
  outside('passengers', ['checkpoint']);
  outside('purpose', ['checkpoint']);

  return {
    direction: kind === 'floating' ? 'in' : (input.direction ?? 'in'),
    people,
    vehicle,
    temperature: input.temperature ?? null,
    symptoms: input.symptoms ?? [],
    origin: division(input.origin, 'origin', kind === 'checkpoint' || kind === 'floating'),
    destination: division(input.destination, 'destination', kind === 'checkpoint'),
    places14d: (input.places14d ?? []).map((c, i) => division(c, `places14d.${i}`, true)!),
    purpose: input.purpose ?? null,
    details,
    lang: input.lang ?? null,
  };
}
