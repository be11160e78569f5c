import { ApiError, NETWORK_ERROR } from './api.ts';
import { i18n } from './i18n/index.ts';

/** A sentence for a person: the server's localized message, or ours when the server was not reached. */
export function errorText(error: unknown): string {
  const { t } = i18n.global;
  if (error instanceof ApiError) return error.code === NETWORK_ERROR ? t('common.networkError') : error.message;
  return t('common.unknownError');
}
