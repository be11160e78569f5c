// Who is logged in. Shared by the officer app and the console; the session itself is the HttpOnly cookie.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { api, ApiError, setCsrfToken } from './api.ts';
import type { LoginInput, LoginResult, Me } from './types.ts';

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  /** True once /me has answered (logged in or not), so the pages know whether to show the login. */
  const checked = ref(false);

  const isAdmin = computed(() => me.value?.role === 'admin');

  function set(user: Me | null, csrfToken: string | null): void {
    me.value = user;
    setCsrfToken(csrfToken);
  }

  /** Asks the server who we are; a missing or expired session is not an error here. */
  async function load(): Promise<void> {
    try {
      const user = await api.get<Me>('/api/v1/me');
      set(user, user.csrfToken);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      set(null, null);
    } finally {
      checked.value = true;
    }
  }

  async function login(input: LoginInput): Promise<Me> {
    const result = await api.post<LoginResult>('/api/v1/auth/login', input);
    set(result.user, result.csrfToken);
    checked.value = true;
    return result.user;
  }

  async function logout(): Promise<void> {
    try {
      await api.post<void>('/api/v1/auth/logout');
    } finally {
      clear();
    }
  }

  /** Forgets the user locally, e.g. after the server said the session is gone. */
  function clear(): void {
    set(null, null);
  }

  return { me, checked, isAdmin, load, login, logout, clear };
});
