// The trace on screen: its page, its table and its graph read the same object. Shown in clear only after a reveal
// with a purpose, and forgotten (back to masked) when the page is left: `reset` on unmount.
import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import { errorText } from '../../shared/errors.ts';
import { acceptTrace, getTrace, revealTrace, type AcceptResult, type TraceView } from '../services/tracing.ts';

export const useTraceStore = defineStore('console-trace', () => {
  const trace = shallowRef<TraceView | null>(null);
  const revealed = ref(false);
  const loading = ref(false);
  const error = ref('');
  /** The answer of the last accept made on this page (the trace carries it too once reloaded). */
  const lastAccept = shallowRef<AcceptResult | null>(null);
  let serial = 0;

  /** Contacts strongest first (the server's order is not a promise of the contract). */
  const contacts = computed(() => [...(trace.value?.contacts ?? [])].sort((a, b) => b.score - a.score || a.degree - b.degree));

  async function load(id: string): Promise<void> {
    const mine = ++serial;
    loading.value = true;
    error.value = '';
    try {
      const next = await getTrace(id);
      if (mine !== serial) return;
      trace.value = next;
      revealed.value = false;
    } catch (e) {
      if (mine !== serial) return;
      trace.value = null;
      error.value = errorText(e);
    } finally {
      if (mine === serial) loading.value = false;
    }
  }

  /** Shows a freshly started trace without reading it again. */
  function show(view: TraceView): void {
    serial++;
    trace.value = view;
    revealed.value = false;
    lastAccept.value = null;
    error.value = '';
    loading.value = false;
  }

  async function reveal(purpose: string): Promise<void> {
    if (!trace.value) return;
    trace.value = await revealTrace(trace.value.id, purpose);
    revealed.value = true;
  }

  /** Accepts, then reads the trace again (status, accepted result), keeping it in clear if it was. */
  async function accept(nodes?: string[]): Promise<AcceptResult> {
    const current = trace.value;
    if (!current) throw new Error('no trace');
    const result = await acceptTrace(current.id, nodes);
    lastAccept.value = result;
    const next = await getTrace(current.id);
    if (trace.value?.id !== current.id) return result;
    if (revealed.value) {
      // The reread is masked: keep the ID numbers already shown.
      const clear = new Map(current.contacts.map((c) => [c.node, c.idNumber]));
      next.contacts = next.contacts.map((c) => ({ ...c, idNumber: clear.get(c.node) ?? c.idNumber }));
    }
    trace.value = next;
    return result;
  }

  function reset(): void {
    serial++;
    trace.value = null;
    revealed.value = false;
    lastAccept.value = null;
    error.value = '';
    loading.value = false;
  }

  return { trace, contacts, revealed, loading, error, lastAccept, load, show, reveal, accept, reset };
});
