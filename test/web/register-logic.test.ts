// The register page's logic without a browser: the body built for each site kind from what was typed, the field
// errors (from the validators shared with the server), and the outbox that keeps unsent check-ins on the phone.
import { describe, expect, it } from 'vitest';
import { buildCheckin, emptyState, formFieldOf, type FormState } from '../../web/register/payload.ts';
import { Outbox, backoff, newKey, type Outcome, type SiteInfo } from '../../web/register/outbox.ts';
import { MemoryStorage } from '../../web/register/storage.ts';
import { stateFrom, loadProfile, saveProfile } from '../../web/register/remember.ts';
import zh from '../../web/register/i18n/zh.ts';
import en from '../../web/register/i18n/en.ts';
import mn from '../../web/register/i18n/mn.ts';
import { syntheticId } from '../helpers/people.ts';

const site: SiteInfo = { code: 'ABC234', name: '测试卡口', kind: 'checkpoint' };
const KEY = 'k'.repeat(22);

function filled(patch: Partial<FormState> = {}): FormState {
  return {
    ...emptyState(),
    person: { name: '张测试', idType: 'resident_id', idNumber: syntheticId(), phone: '+86 139 0000 1234' },
    ...patch,
  };
}

describe('register page: check-in body by kind', () => {
  it('builds a checkpoint body with vehicle, trip and health, normalising phone and plate', () => {
    const { body, errors } = buildCheckin(
      'checkpoint',
      filled({ hasVehicle: true, plate: '蒙a 12345', passengers: '2', origin: '150102', destination: '110101', places14d: ['420106', '', '420106'], temperature: '36.6', symptoms: ['cough'], purpose: 'business' }),
      'tok',
      KEY,
      'zh',
    );
    expect(errors).toEqual([]);
    expect(body).toMatchObject({
      token: 'tok',
      key: KEY,
      direction: 'in',
      person: { name: '张测试', idType: 'resident_id', phone: '13900001234' },
      vehicle: { plate: '蒙A12345', plateType: 'ordinary', role: 'driver' },
      passengers: 2,
      origin: '150102',
      destination: '110101',
      places14d: ['420106'],
      temperature: 36.6,
      symptoms: ['cough'],
      purpose: 'business',
    });
    expect(body).not.toHaveProperty('address');
    expect(body).not.toHaveProperty('floating');
  });

  it('names every field to correct, companions included', () => {
    const id = syntheticId();
    const wrongCheck = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const { errors } = buildCheckin(
      'checkpoint',
      filled({
        person: { name: '', idType: 'resident_id', idNumber: wrongCheck, phone: '12345' },
        companions: [{ name: '小明', idType: 'passport', idNumber: '!', phone: '', relation: 'child' }],
        hasVehicle: true,
        plateType: 'new_energy',
        plate: '蒙A12345',
        temperature: '50',
      }),
      'tok',
      KEY,
      'zh',
    );
    expect(errors).toEqual([
      { field: 'person.name', key: 'err.required' },
      { field: 'person.idNumber', key: 'err.resident_id' },
      { field: 'person.phone', key: 'err.phone' },
      { field: 'companions.0.idNumber', key: 'err.id_shape' },
      { field: 'plate', key: 'err.plate_type' },
      { field: 'origin', key: 'err.division' },
      { field: 'destination', key: 'err.division' },
      { field: 'temperature', key: 'err.temperature' },
    ]);
  });

  it('asks a community resident for the address and a visitor for whom they visit; the ID is optional there', () => {
    const resident = buildCheckin('community', filled({ person: { name: '李四', idType: 'resident_id', idNumber: '', phone: '13900001234' }, building: '3', room: '501', direction: 'out' }), 't', KEY, 'en');
    expect(resident.errors).toEqual([]);
    expect(resident.body).toMatchObject({ direction: 'out', community: { role: 'resident' }, address: { building: '3', room: '501' }, person: { name: '李四', phone: '13900001234' } });
    expect(resident.body.person).not.toHaveProperty('idNumber');
    expect(resident.body).not.toHaveProperty('vehicle');

    const visitor = buildCheckin('community', filled({ communityRole: 'visitor' }), 't', KEY, 'en');
    expect(visitor.errors).toEqual([{ field: 'visiting', key: 'err.required' }]);
  });

  it('builds a floating body: registered home, arrival, address, host and length of stay, always "in"', () => {
    const bad = buildCheckin('floating', filled({ direction: 'out' }), 't', KEY, 'zh');
    expect(bad.errors.map((e) => e.field)).toEqual(['building', 'room', 'origin', 'arrivalDate', 'host', 'stayDays']);
    const { body, errors } = buildCheckin(
      'floating',
      filled({ direction: 'out', origin: '420106', arrivalDate: '2024-03-01', building: '8', room: '1201', host: '王房东', hostKind: 'landlord', stayDays: '90' }),
      't',
      KEY,
      'mn',
    );
    expect(errors).toEqual([]);
    expect(body).toMatchObject({ direction: 'in', origin: '420106', lang: 'mn', floating: { arrivalDate: '2024-03-01', host: '王房东', hostKind: 'landlord', stayDays: 90 }, address: { building: '8', room: '1201' } });
    expect(body).not.toHaveProperty('temperature');
  });

  it("leaves the phone out when an officer registers someone without one, and checks it when it is given", () => {
    const noPhone = filled({ person: { name: '王奶奶', idType: 'resident_id', idNumber: syntheticId('19400315'), phone: '' } });
    expect(buildCheckin('station', noPhone, 'tok', KEY, 'zh').errors).toEqual([{ field: 'person.phone', key: 'err.required' }]);
    const assisted = buildCheckin('station', noPhone, 'tok', KEY, 'zh', { phoneOptional: true });
    expect(assisted.errors).toEqual([]);
    expect(assisted.body.person).toEqual({ name: '王奶奶', idType: 'resident_id', idNumber: noPhone.person.idNumber });
    const badPhone = filled({ person: { ...noPhone.person, phone: '12' } });
    expect(buildCheckin('station', badPhone, 'tok', KEY, 'zh', { phoneOptional: true }).errors).toEqual([{ field: 'person.phone', key: 'err.phone' }]);
  });

  it('maps the fields the server names to the form fields', () => {
    expect(formFieldOf('person.idNumber')).toBe('person.idNumber');
    expect(formFieldOf('/companions/1/phone')).toBe('companions.1.phone');
    expect(formFieldOf('vehicle.plate')).toBe('plate');
    expect(formFieldOf('floating.arrivalDate')).toBe('arrivalDate');
    expect(formFieldOf(undefined)).toBeNull();
  });
});

describe('register page: outbox', () => {
  const body = (key: string) => ({ token: 't', key, lang: 'zh' as const, person: { name: 'x' } });
  const accepted: Outcome = { ok: true, accepted: { id: 'c1', pass: 'p', flags: [] } };

  it('makes URL-safe keys of the length the server takes, all different', () => {
    const keys = new Set(Array.from({ length: 200 }, newKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  });

  it('keeps a failed submission with its key, backs off, and resends the same key until it is accepted', async () => {
    const storage = new MemoryStorage();
    const outbox = new Outbox(storage);
    outbox.add(body('key-one-000000000'), site, 1000);
    const sent: string[] = [];
    let online = false;
    const send = async (b: { key: string }): Promise<Outcome> => {
      sent.push(b.key);
      return online ? accepted : { ok: false, retry: true };
    };
    let now = 1000;
    expect(await outbox.flush(send, { now: () => now })).toHaveLength(1);
    expect(new Outbox(storage).list()).toMatchObject([{ key: 'key-one-000000000', attempts: 1, nextAt: 1000 + backoff(1) }]);
    expect(await outbox.flush(send, { now: () => now })).toEqual([]); // not due yet
    now += backoff(1);
    await outbox.flush(send, { now: () => now });
    expect(outbox.list()[0].attempts).toBe(2);
    online = true;
    const results = await outbox.flush(send, { force: true, now: () => now });
    expect(results.map((r) => r.outcome)).toEqual([accepted]);
    expect(sent).toEqual(['key-one-000000000', 'key-one-000000000', 'key-one-000000000']);
    expect(outbox.list()).toEqual([]);
    expect(backoff(20)).toBe(5 * 60_000);
  });

  it('keeps each outbox under its own storage key (the officer app has its own)', () => {
    const storage = new MemoryStorage();
    new Outbox(storage).add(body('key-page-00000000'), site);
    new Outbox(storage, 'tg_officer_outbox:u1').add(body('key-officer-00000'), site);
    expect(new Outbox(storage).list().map((p) => p.key)).toEqual(['key-page-00000000']);
    expect(new Outbox(storage, 'tg_officer_outbox:u1').list().map((p) => p.key)).toEqual(['key-officer-00000']);
    expect(new Outbox(storage, 'tg_officer_outbox:u2').list()).toEqual([]);
  });

  it('drops a submission the server refuses for good, and never sends one key twice at once', async () => {
    const outbox = new Outbox(new MemoryStorage());
    outbox.add(body('key-two-000000000'), site);
    outbox.add(body('key-three-0000000'), site);
    let release: () => void = () => {};
    let calls = 0;
    const slow = () => {
      calls++;
      return new Promise<Outcome>((resolve) => (release = () => resolve(accepted)));
    };
    const first = outbox.attempt('key-two-000000000', slow);
    expect(await outbox.attempt('key-two-000000000', slow)).toBeNull();
    release();
    expect(await first).toEqual(accepted);
    expect(calls).toBe(1);
    await outbox.attempt('key-three-0000000', async () => ({ ok: false, retry: false, code: 'validation.phone.format', message: 'm' }));
    expect(outbox.list()).toEqual([]);
  });
});

describe('register page: remember me and messages', () => {
  it('remembers the person but not what changes each time', () => {
    const storage = new MemoryStorage();
    saveProfile(storage, filled({ temperature: '38.5', symptoms: ['fever'], direction: 'out', origin: '150102' }));
    const profile = loadProfile(storage)!;
    expect(profile.person.name).toBe('张测试');
    expect(profile).not.toHaveProperty('temperature');
    const state = stateFrom(profile, 'in');
    expect(state).toMatchObject({ direction: 'in', temperature: '', symptoms: [], origin: '150102' });
  });

  it('has every text in the three languages, Mongolian in the Mongolian block', () => {
    const keys = Object.keys(zh).sort();
    expect(Object.keys(en).sort()).toEqual(keys);
    expect(Object.keys(mn).sort()).toEqual(keys);
    for (const key of keys) {
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(params(en[key as keyof typeof en]), key).toEqual(params(zh[key as keyof typeof zh]));
      expect(params(mn[key as keyof typeof mn]), key).toEqual(params(zh[key as keyof typeof zh]));
      if (key !== 'footer') expect(mn[key as keyof typeof mn], key).toMatch(/[\u1820-\u1878]/);
    }
  });
});
