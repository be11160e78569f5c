// Passwords: argon2id hashes, and a strength rule a person can understand from its error message.
import argon2 from 'argon2';
import type { PasswordHashingConfig } from '../config.ts';
import { invalid } from './errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

export function checkPasswordStrength(password: string, username: string): void {
  const weak =
    password.length < MIN_PASSWORD_LENGTH ||
    !/\p{L}/u.test(password) ||
    !/\d/.test(password) ||
    (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()));
  if (weak) throw invalid('password.weak', { min: MIN_PASSWORD_LENGTH }, 'password');
}

export function hashPassword(password: string, cfg: PasswordHashingConfig): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: cfg.memoryCost, timeCost: cfg.timeCost, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not tell which usernames exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(cfg: PasswordHashingConfig): Promise<string> {
  dummyHash ??= hashPassword('dummy-password-0', cfg);
  return dummyHash;
}
