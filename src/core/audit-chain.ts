// The hash chain of the audit log: pure functions, no I/O.
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../db/tables.ts';
import { sha256 } from './crypto.ts';

export const AUDIT_GENESIS = sha256('tracegrid audit log genesis');

/** Every column of an entry but its own hash, which is computed over them. */
export type ChainedFields = Omit<Selectable<AuditLogTable>, 'hash'>;

export function entryHash(e: ChainedFields): string {
  return sha256(
    JSON.stringify([e.seq, e.at, e.actorId, e.actorName, e.action, e.targetType, e.targetId, e.purpose, e.ip, e.orgPath, e.detail, e.prevHash]),
  );
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** seq of the first entry that does not fit the chain */
  firstBroken: number | null;
  reason: string | null;
}

/** Walks entries in seq order; call `push` for each and `end` with the stored head. */
export class ChainVerifier {
  private prevSeq = 0;
  private prevHash = AUDIT_GENESIS;
  private checked = 0;
  private broken: { seq: number; reason: string } | null = null;

  push(e: ChainedFields & { hash: string }): boolean {
    if (this.broken) return false;
    this.checked++;
    if (e.seq !== this.prevSeq + 1) this.broken = { seq: e.seq, reason: `entries ${this.prevSeq + 1}..${e.seq - 1} are missing` };
    else if (e.prevHash !== this.prevHash) this.broken = { seq: e.seq, reason: 'it does not link to the entry before it' };
    else if (entryHash(e) !== e.hash) this.broken = { seq: e.seq, reason: 'its content was changed after it was written' };
    this.prevSeq = e.seq;
    this.prevHash = e.hash;
    return !this.broken;
  }

  end(head: { seq: number; hash: string }): ChainCheck {
    if (!this.broken && (head.seq !== this.prevSeq || head.hash !== this.prevHash)) {
      this.broken =
        head.seq > this.prevSeq
          ? { seq: this.prevSeq + 1, reason: `entries ${this.prevSeq + 1}..${head.seq} are missing at the end` }
          : { seq: head.seq, reason: 'the chain head does not match the last entry' };
    }
    return {
      ok: !this.broken,
      checked: this.checked,
      firstBroken: this.broken?.seq ?? null,
      reason: this.broken?.reason ?? null,
    };
  }
}
