import { describe, expect, it } from 'vitest';
import { areaPrefix, evaluateRisk, type RiskRules } from '../../src/modules/risk/rules.ts';

const at = Date.UTC(2026, 10, 28);
const base = { temperature: null, symptoms: [], origin: null, destination: null, places14d: [] };
const rules = (areas: RiskRules['riskAreas'] = []): RiskRules => ({ feverThreshold: 37.3, riskAreas: areas });

describe('risk rules', () => {
  it('flags fever at or above the threshold only', () => {
    expect(evaluateRisk({ ...base, temperature: 37.2 }, rules(), at).flags).toEqual([]);
    expect(evaluateRisk({ ...base, temperature: 37.3 }, rules(), at).flags).toEqual(['fever']);
    expect(evaluateRisk({ ...base, temperature: 38 }, { ...rules(), feverThreshold: 38.5 }, at).flags).toEqual([]);
  });

  it('flags reported symptoms', () => {
    expect(evaluateRisk({ ...base, symptoms: ['cough'] }, rules(), at).flags).toEqual(['symptoms']);
  });

  it('matches places inside a province, city or county risk area while it is valid', () => {
    expect(areaPrefix('420000')).toBe('42');
    expect(areaPrefix('420100')).toBe('4201');
    expect(areaPrefix('420106')).toBe('420106');
    const city = { code: '420100', level: 'high' as const, validFrom: at - 86_400_000, validTo: at + 86_400_000 };
    const r = evaluateRisk({ ...base, origin: '150102', destination: '110101', places14d: ['420106'] }, rules([city]), at);
    expect(r.flags).toEqual(['risk_area']);
    expect(r.areaHits).toEqual([{ place: '420106', area: '420100', level: 'high' }]);
    expect(evaluateRisk({ ...base, origin: '420106' }, rules([{ ...city, validTo: at - 1 }]), at).flags).toEqual([]);
    expect(evaluateRisk({ ...base, origin: '420106' }, rules([{ ...city, validFrom: at + 1 }]), at).flags).toEqual([]);
    expect(evaluateRisk({ ...base, origin: '421002' }, rules([city]), at).flags).toEqual([]);
  });

  it('orders several flags the same way every time', () => {
    const r = evaluateRisk({ ...base, temperature: 39, symptoms: ['fever'], origin: '420106' }, rules([{ code: '420000', level: 'medium', validFrom: 0, validTo: null }]), at);
    expect(r.flags).toEqual(['fever', 'risk_area', 'symptoms']);
  });
});
