import { api } from '../../shared/api.ts';

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const ALERT_EVENTS = ['flagged', 'decision', 'task_overdue', 'grid_daily'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
export const DELIVERY_STATUSES = ['pending', 'retrying', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Webhook {
  id: string;
  name: string;
  kind: WebhookKind;
  orgUnit: { id: string; code: string; name: string };
  /** scheme and host: the address itself is never shown again */
  urlHint: string;
  hasSecret: boolean;
  events: AlertEvent[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  id: string;
  webhookId: string;
  event: AlertEvent | 'test';
  subjectId: string | null;
  summary: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface NewWebhook {
  orgCode: string;
  name: string;
  kind: WebhookKind;
  url: string;
  secret?: string;
  events: AlertEvent[];
}

export interface WebhookPatch {
  name?: string;
  url?: string;
  /** null removes it */
  secret?: string | null;
  events?: AlertEvent[];
  disabled?: boolean;
}

const base = '/api/v1/webhooks';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export async function listWebhooks(): Promise<Webhook[]> {
  return (await api.get<{ items: Webhook[] }>(base)).items;
}

export function createWebhook(input: NewWebhook): Promise<Webhook> {
  return api.post<Webhook>(base, input);
}

export function updateWebhook(id: string, patch: WebhookPatch): Promise<Webhook> {
  return api.patch<Webhook>(one(id), patch);
}

export function deleteWebhook(id: string): Promise<void> {
  return api.delete(one(id));
}

export function sendTest(id: string): Promise<Delivery> {
  return api.post<Delivery>(`${one(id)}/test`);
}

export function listDeliveries(id: string, query: { status?: DeliveryStatus; before?: string; limit?: number }): Promise<{ items: Delivery[]; nextBefore: string | null }> {
  return api.get(`${one(id)}/deliveries`, query);
}

export function retryDelivery(id: string): Promise<Delivery> {
  return api.post<Delivery>(`/api/v1/webhook-deliveries/${encodeURIComponent(id)}/retry`);
}
