// What the form holds (plain strings, as typed) and the check-in body built from it for the site's kind, with
// the fields that fail their checks. Pure: no DOM, no storage; the unit tests drive it directly.
import { FIELD_CHECKS, idNumberCheck, normalizeId, normalizePhone, normalizePlate, plateCheck, type IdType } from './checks.ts';
import type { Lang } from './i18n/index.ts';
import type { RegisterMessageKey } from './i18n/zh.ts';

export type SiteKind = 'checkpoint' | 'community' | 'floating' | 'station';

export interface PersonState {
  name: string;
  idType: IdType;
  idNumber: string;
  phone: string;
}

export interface CompanionState extends PersonState {
  relation: string;
}

export interface FormState {
  direction: 'in' | 'out';
  person: PersonState;
  companions: CompanionState[];
  hasVehicle: boolean;
  plateType: string;
  plate: string; // with its province prefix
  vehicleRole: string;
  passengers: string;
  origin: string;
  destination: string;
  places14d: string[];
  temperature: string;
  symptoms: string[];
  purpose: string;
  communityRole: 'resident' | 'visitor';
  visiting: string;
  building: string;
  unit: string;
  room: string;
  arrivalDate: string;
  host: string;
  hostKind: string;
  stayDays: string;
}

export interface FieldError {
  field: string; // the form field's name, e.g. "person.idNumber" or "companions.1.name"
  key: RegisterMessageKey;
}

export type CheckinBody = Record<string, unknown> & { token: string; key: string; lang: Lang };

export function emptyState(): FormState {
  return {
    direction: 'in',
    person: { name: '', idType: 'resident_id', idNumber: '', phone: '' },
    companions: [],
    hasVehicle: false,
    plateType: 'ordinary',
    plate: '蒙',
    vehicleRole: 'driver',
    passengers: '',
    origin: '',
    destination: '',
    places14d: [],
    temperature: '',
    symptoms: [],
    purpose: '',
    communityRole: 'resident',
    visiting: '',
    building: '',
    unit: '',
    room: '',
    arrivalDate: '',
    host: '',
    hostKind: 'landlord',
    stayDays: '',
  };
}

/** Which parts of the form each kind shows (the contract's fields by kind, nothing more). */
export function sectionsOf(kind: SiteKind) {
  return {
    direction: kind !== 'floating',
    idRequired: kind !== 'community',
    companions: true,
    vehicle: kind === 'checkpoint',
    trip: kind === 'checkpoint',
    places14d: kind === 'checkpoint' || kind === 'floating',
    temperature: kind !== 'floating',
    purpose: kind === 'checkpoint',
    community: kind === 'community',
    floating: kind === 'floating',
  };
}

class Collector {
  errors: FieldError[] = [];
  check(field: string, key: RegisterMessageKey | null): void {
    if (key) this.errors.push({ field, key });
  }
}

function personBody(p: PersonState, prefix: string, idRequired: boolean, c: Collector): Record<string, string> {
  const out: Record<string, string> = { name: p.name.trim() };
  c.check(`${prefix}.name`, FIELD_CHECKS.name(p.name));
  const idNumber = normalizeId(p.idNumber);
  if (idRequired || idNumber) {
    c.check(`${prefix}.idNumber`, idNumberCheck(p.idType, idNumber));
    out.idType = p.idType;
    out.idNumber = idNumber;
  }
  return out;
}

/** How the form is used: by the person themselves, or by an officer for someone without a phone. */
export interface FormOptions {
  /** the officer app's assisted registration: the person may have no phone number */
  phoneOptional?: boolean;
}

/** The body of POST /api/v1/checkins for this kind, or the fields to correct. */
export function buildCheckin(kind: SiteKind, s: FormState, token: string, key: string, lang: Lang, opts: FormOptions = {}): { body: CheckinBody; errors: FieldError[] } {
  const has = sectionsOf(kind);
  const c = new Collector();
  const body: CheckinBody = { token, key, lang, direction: has.direction ? s.direction : 'in' };

  const person = personBody(s.person, 'person', has.idRequired, c);
  if (opts.phoneOptional && !s.person.phone.trim()) body.person = person;
  else {
    c.check('person.phone', FIELD_CHECKS.phone(s.person.phone));
    body.person = { ...person, phone: normalizePhone(s.person.phone) };
  }

  if (s.companions.length) {
    body.companions = s.companions.map((m, i) => {
      const one: Record<string, string> = { ...personBody(m, `companions.${i}`, true, c), relation: m.relation };
      if (m.phone.trim()) {
        c.check(`companions.${i}.phone`, FIELD_CHECKS.phone(m.phone));
        one.phone = normalizePhone(m.phone);
      }
      return one;
    });
  }

  if (has.vehicle && s.hasVehicle) {
    const plate = normalizePlate(s.plate);
    c.check('plate', plateCheck(s.plateType, plate));
    body.vehicle = { plate, plateType: s.plateType, role: s.vehicleRole };
    if (s.passengers.trim()) {
      c.check('passengers', FIELD_CHECKS.passengers(s.passengers.trim()));
      body.passengers = Number(s.passengers);
    }
  }
  if (has.trip) {
    c.check('origin', FIELD_CHECKS.division(s.origin));
    c.check('destination', FIELD_CHECKS.division(s.destination));
    body.origin = s.origin;
    body.destination = s.destination;
    if (s.purpose) body.purpose = s.purpose;
  }
  if (has.places14d) {
    const places = s.places14d.filter((code) => code);
    places.forEach((code, i) => c.check(`places14d.${i}`, FIELD_CHECKS.division(code)));
    if (places.length) body.places14d = [...new Set(places)];
  }
  if (has.temperature && s.temperature.trim()) {
    c.check('temperature', FIELD_CHECKS.temperature(s.temperature.trim()));
    body.temperature = Number(s.temperature);
  }
  if (s.symptoms.length) body.symptoms = [...s.symptoms];

  if (has.community) {
    body.community = s.communityRole === 'visitor' ? { role: 'visitor', visiting: s.visiting.trim() } : { role: 'resident' };
    if (s.communityRole === 'visitor') c.check('visiting', FIELD_CHECKS.text(s.visiting));
  }
  if ((has.community && s.communityRole === 'resident') || has.floating) {
    c.check('building', FIELD_CHECKS.text(s.building));
    c.check('room', FIELD_CHECKS.text(s.room));
    body.address = { building: s.building.trim(), ...(s.unit.trim() && { unit: s.unit.trim() }), room: s.room.trim() };
  }
  if (has.floating) {
    c.check('origin', FIELD_CHECKS.division(s.origin));
    body.origin = s.origin;
    c.check('arrivalDate', FIELD_CHECKS.date(s.arrivalDate));
    c.check('host', FIELD_CHECKS.text(s.host));
    c.check('stayDays', FIELD_CHECKS.stayDays(s.stayDays.trim()));
    body.floating = { arrivalDate: s.arrivalDate, host: s.host.trim(), hostKind: s.hostKind, stayDays: Number(s.stayDays) };
  }
  return { body, errors: c.errors };
}

/** The form field a server error names: "/person/idNumber", "body.person.idNumber" -> "person.idNumber". */
export function formFieldOf(serverField: string | undefined): string | null {
  if (!serverField) return null;
  const field = serverField.replace(/^\/|^body[./]/, '').replace(/\//g, '.').replace(/\[(\d+)\]/g, '.$1');
  const aliases: Record<string, string> = {
    'vehicle.plate': 'plate',
    'floating.arrivalDate': 'arrivalDate',
    'floating.host': 'host',
    'floating.stayDays': 'stayDays',
    'community.visiting': 'visiting',
    'address.building': 'building',
    'address.unit': 'unit',
    'address.room': 'room',
    address: 'building',
    'community.role': 'communityRole',
  };
  return aliases[field] ?? field;
}
