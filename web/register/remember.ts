// "Remember me": opt-in, on this phone only. Everything but what changes each time (direction, temperature,
// symptoms) is kept, so the next check-in is one tap.
import { emptyState, type FormState } from './payload.ts';

const STORAGE_KEY = 'tg_register_me';

export type Profile = Omit<FormState, 'direction' | 'temperature' | 'symptoms'>;

export function loadProfile(storage: Storage): Profile | null {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    const profile = raw ? (JSON.parse(raw) as Profile) : null;
    return profile?.person?.name ? profile : null;
  } catch {
    return null;
  }
}

export function saveProfile(storage: Storage, state: FormState): void {
  const { direction: _d, temperature: _t, symptoms: _s, ...profile } = state;
  storage.setItem(STORAGE_KEY, JSON.stringify(profile));
}

export function forgetProfile(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}

/** A full form state from a profile, for this check-in's direction. */
export function stateFrom(profile: Profile, direction: FormState['direction']): FormState {
  return { ...emptyState(), ...profile, direction, temperature: '', symptoms: [] };
}
