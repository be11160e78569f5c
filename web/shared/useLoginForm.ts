// The login form's state and steps, shared by the officer app and the console: username and password, then a
// one-time code when the server answers `auth.totp_required`.
import { reactive, ref } from 'vue';
import { ApiError } from './api.ts';
import { errorText } from './errors.ts';
import { useSessionStore } from './session.ts';
import type { Me } from './types.ts';

export function useLoginForm() {
  const session = useSessionStore();
  const form = reactive({ username: '', password: '', totp: '' });
  const needTotp = ref(false);
  const busy = ref(false);
  const error = ref('');

  /** Resolves with the user on success, with null when the form shows an error instead. */
  async function submit(): Promise<Me | null> {
    if (busy.value) return null;
    busy.value = true;
    error.value = '';
    try {
      const user = await session.login({
        username: form.username.trim(),
        password: form.password,
        ...(needTotp.value && form.totp.trim() ? { totp: form.totp.trim() } : {}),
      });
      form.password = '';
      form.totp = '';
      needTotp.value = false;
      return user;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'auth.totp_required') needTotp.value = true;
      if (e instanceof ApiError && e.code === 'auth.totp_invalid') form.totp = '';
      error.value = errorText(e);
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { form, needTotp, busy, error, submit };
}
