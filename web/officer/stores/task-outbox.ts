// What a grid worker records on a task (a visit, a temperature, done with its result, a note): kept on this phone
// with its clientId *before* anything is sent, shown at once as waiting, and sent by POST /grid/sync when the network
// allows it (at start, on `online`, every 30 s, on "sync now"). A record leaves the phone only once the server has
// answered created or duplicate for its clientId: a lost answer or a second request never makes a second event. A
// refused record stays, with the server's message, until the worker has read it. One outbox per user on the phone,
// like the assisted registrations (stores/assist.ts): nothing is sent before the server has confirmed that user.
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { ApiError, NETWORK_ERROR } from '../../shared/api.ts';
import { useSessionStore } from '../../shared/session.ts';
import { phoneStorage } from '../../register/storage.ts';
import { newClientId, refusalText, syncRecords, SYNC_BATCH, type GridTask, type SyncEvent, type SyncResult } from '../worker-services.ts';

export const TASK_OUTBOX_KEY = 'tg_worker_outbox';
const SYNC_EVERY_MS = 30_000;
/** After a request that got no answer: tried again soon, then less often, up to the 30-second rhythm. */
const RETRY_SOON_MS = 5_000;
/** Answers after which the records wait (the session is being restored, the server is busy or down). */
const WAIT_CODES = new Set(['auth.required', 'auth.session_expired', 'auth.csrf', NETWORK_ERROR]);

export interface TaskRecord extends SyncEvent {
  createdAt: number;
  state: 'pending' | 'refused';
  /** The server's message for a refused record. */
  error?: string;
  attempts: number;
}

export type NewRecord = Omit<SyncEvent, 'clientId' | 'at'>;

const outboxKey = (userId: string) => `${TASK_OUTBOX_KEY}:${userId}`;

function isRecord(v: unknown): v is TaskRecord {
  const r = v as TaskRecord | null;
  return !!r && typeof r.clientId === 'string' && typeof r.taskId === 'string' && typeof r.kind === 'string' && typeof r.at === 'string';
}

/** Records made on grid tasks that wait on this phone: one user's, or everyone's. */
export function taskRecordsWaitingOnPhone(userId?: string): number {
  const storage = phoneStorage();
  let total = 0;
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key && (userId ? key === outboxKey(userId) : key.startsWith(`${TASK_OUTBOX_KEY}:`))) total += new TaskOutbox(storage, key).list().length;
  }
  return total;
}

/** The records of one user, kept in the phone's storage (read and written whole: a few dozen at most). */
export class TaskOutbox {
  constructor(
    private readonly storage: Storage,
    private readonly key: string,
  ) {}

  list(): TaskRecord[] {
    try {
      const items = JSON.parse(this.storage.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(items) ? items.filter(isRecord) : [];
    } catch {
      return [];
    }
  }

  private save(items: TaskRecord[]): void {
    if (items.length) this.storage.setItem(this.key, JSON.stringify(items));
    else this.storage.removeItem(this.key);
  }

  /** Throws when the phone cannot keep it (storage full or refused): the page then says it was not recorded. */
  add(record: TaskRecord): void {
    this.save([...this.list().filter((r) => r.clientId !== record.clientId), record]);
  }

  /** Applies the server's answers: created/duplicate leave the phone, refused ones keep the message. */
  settle(results: SyncResult[], sent: string[]): void {
    const byId = new Map(results.map((r) => [r.clientId, r]));
    const sentIds = new Set(sent);
    const kept: TaskRecord[] = [];
    for (const r of this.list()) {
      const answer = byId.get(r.clientId);
      if (answer?.status === 'created' || answer?.status === 'duplicate') continue;
      if (answer?.status === 'refused') kept.push({ ...r, state: 'refused', error: refusalText(answer.error) || r.error, attempts: r.attempts + 1 });
      else kept.push(sentIds.has(r.clientId) ? { ...r, attempts: r.attempts + 1 } : r);
    }
    this.save(kept);
  }

  remove(clientId: string): void {
    this.save(this.list().filter((r) => r.clientId !== clientId));
  }
}

export const useTaskOutboxStore = defineStore('worker-task-outbox', () => {
  const session = useSessionStore();
  let outbox: TaskOutbox | null = null;
  let owner: string | null = null;
  /** The server has confirmed that `owner` is logged in: only then is anything sent. */
  let active = false;
  const records = ref<TaskRecord[]>([]);
  const syncing = ref(false);
  const pending = computed(() => records.value.filter((r) => r.state === 'pending'));
  const refused = computed(() => records.value.filter((r) => r.state === 'refused'));
  let inFlight: Promise<void> | null = null;
  let again = false;
  /** Requests in a row that got no answer. */
  let failures = 0;
  let interval: ReturnType<typeof setInterval> | undefined;
  let soon: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(tasks: GridTask[]) => void>();
  const onOnline = () => void flush();

  const mayRun = () => active && owner !== null && session.me?.id === owner;
  const refresh = () => (records.value = outbox?.list() ?? []);

  /** The records of a task, oldest first. */
  const forTask = (taskId: string) => records.value.filter((r) => r.taskId === taskId);

  /** Called with the tasks as the server answered them after a sync (the task list shows them at once). */
  function onSynced(listener: (tasks: GridTask[]) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Keeps a new record on the phone, then tries to send it. Throws if the phone could not keep it. */
  function record(input: NewRecord): TaskRecord {
    if (!outbox) throw new Error('no outbox open');
    const item: TaskRecord = { ...input, clientId: newClientId(), at: new Date().toISOString(), createdAt: Date.now(), state: 'pending', attempts: 0 };
    outbox.add(item);
    refresh();
    void flush();
    return item;
  }

  /** The worker has read a refusal: the record leaves the phone. */
  function dismiss(clientId: string): void {
    outbox?.remove(clientId);
    refresh();
  }

  /** One request; a batch the server refuses as a whole (4xx) is sent again one record at a time. */
  async function send(batch: TaskRecord[]): Promise<'sent' | 'wait'> {
    const box = outbox; // the outbox these records came from, even if another user's is opened meanwhile
    const events = batch.map(({ clientId, taskId, kind, at, result, temperature, note }) => ({ clientId, taskId, kind, at, result, temperature, note }));
    try {
      const { results } = await syncRecords(events);
      box?.settle(results, batch.map((r) => r.clientId));
      const tasks = results.flatMap((r) => (r.task ? [r.task] : []));
      if (tasks.length) listeners.forEach((l) => l(tasks));
      return 'sent';
    } catch (e) {
      const code = e instanceof ApiError ? e.code : NETWORK_ERROR;
      const status = e instanceof ApiError ? e.status : 0;
      if (WAIT_CODES.has(code) || status === 0 || status === 429 || status >= 500) return 'wait';
      if (batch.length > 1) {
        for (const one of batch) if ((await send([one])) === 'wait') return 'wait';
        return 'sent';
      }
      box?.settle([{ clientId: batch[0].clientId, status: 'refused', error: e instanceof Error ? e.message : String(e) }], [batch[0].clientId]);
      return 'sent';
    }
  }

  /** Sends what waits, in batches; one flush at a time (a call during one runs once more after it). */
  function flush(): Promise<void> {
    // The phone knows it has no network: nothing to try until its `online` event.
    if (!mayRun() || navigator.onLine === false) return Promise.resolve();
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      syncing.value = true;
      try {
        do {
          again = false;
          const waiting = (outbox?.list() ?? []).filter((r) => r.state === 'pending');
          for (let i = 0; i < waiting.length && mayRun(); i += SYNC_BATCH) {
            if ((await send(waiting.slice(i, i + SYNC_BATCH))) === 'wait') {
              failures++;
              clearTimeout(soon);
              soon = setTimeout(() => void flush(), Math.min(SYNC_EVERY_MS, RETRY_SOON_MS * 2 ** (failures - 1)));
              again = false;
              break;
            }
            failures = 0;
          }
          refresh();
        } while (again && mayRun());
      } finally {
        syncing.value = false;
        inFlight = null;
      }
    })();
    return inFlight;
  }

  /** Opens a user's outbox without sending (opened offline: the remembered user, not yet confirmed). */
  function open(userId: string): void {
    if (owner !== userId) {
      stop();
      owner = userId;
      outbox = new TaskOutbox(phoneStorage(), outboxKey(userId));
    }
    refresh();
  }

  /** Once the server has confirmed the user: sends what waits, then on `online` and every 30 s. */
  function start(userId: string): void {
    if (active && owner === userId) return;
    open(userId);
    active = true;
    window.addEventListener('online', onOnline);
    clearInterval(interval);
    interval = setInterval(onOnline, SYNC_EVERY_MS);
    void flush();
  }

  /** At logout: nothing more is sent; the records stay on the phone for that user's next login. */
  function stop(): void {
    active = false;
    owner = null;
    outbox = null;
    clearInterval(interval);
    clearTimeout(soon);
    failures = 0;
    window.removeEventListener('online', onOnline);
    records.value = [];
  }

  return { records, pending, refused, syncing, forTask, onSynced, record, dismiss, flush, open, start, stop };
});
