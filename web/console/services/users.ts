import { api } from '../../shared/api.ts';
import type { Role, User } from '../../shared/types.ts';

const base = '/api/v1/users';

export interface UserQuery {
  orgId?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  orgCodes: string[];
  password: string;
  phone?: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  orgCodes?: string[];
  disabled?: boolean;
  password?: string;
}

export function listUsers(query: UserQuery): Promise<{ items: User[]; total: number }> {
  return api.get(base, { ...query });
}

export function createUser(input: NewUser): Promise<User> {
  return api.post<User>(base, input);
}

export function updateUser(id: string, changes: UserChanges): Promise<User> {
  return api.patch<User>(`${base}/${encodeURIComponent(id)}`, changes);
}

export function revokeSessions(id: string): Promise<void> {
  return api.post<void>(`${base}/${encodeURIComponent(id)}/revoke-sessions`);
}

/** The phone number in clear; the server records the purpose in the audit log. */
export async function revealPhone(id: string, purpose: string): Promise<string | null> {
  const result = await api.post<{ value: string | null }>(`${base}/${encodeURIComponent(id)}/reveal`, { field: 'phone', purpose });
  return result.value;
}
