import { EventEmitter } from "node:events";
import type { ChangeFeed } from "../db/changes.ts";
import type { Grant, Principal } from "../policy/policy.ts";

/** The channel the database announces principal changes on (migration principal_change_notify). */
export const PRINCIPAL_CHANNEL = "labkeep_principal";

/**
 * This process's own changes, announced by the services right after they commit, so the next
 * request sees them even before the database's notification arrives (which it also will).
 */
const localChanges = new EventEmitter();
localChanges.setMaxListeners(0);

export function announcePrincipalChange(userId: number): void {
  localChanges.emit("change", String(userId));
}

interface Entry {
  principal: Principal;
  /** The group grants it was resolved with: another set (a fresh Graph read) resolves again. */
  groupGrants: readonly Grant[];
  expiresAt: number;
}

/**
 * Resolved principals by Entra object id, so a signed-in user's requests cost no query for who
 * they are. Correct because the database announces every change to a user row or a grant (a
 * trigger NOTIFYs `labkeep_principal` with the user id, whoever writes): the entry is dropped as
 * the change commits. While the feed is not live (starting, connection lost) nothing is served
 * from memory; `ttlMs` bounds an entry's life in any case.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly objectIdByUser = new Map<number, string>();
  /** Bumped by every change: a resolution that started before a change is not stored. */
  private generation = 0;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly feed: ChangeFeed,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const local = (payload: string) => this.changed(payload);
    localChanges.on("change", local);
    this.unsubscribe = [feed.onChange(PRINCIPAL_CHANNEL, local), feed.onReset(() => this.clear()), () => localChanges.off("change", local)];
  }

  /** A generation stamp to pass back to `set`. */
  stamp(): number {
    return this.generation;
  }

  get(aadObjectId: string, groupGrants: readonly Grant[]): Principal | null {
    if (!this.feed.live) return null;
    const entry = this.entries.get(aadObjectId);
    if (!entry) return null;
    if (entry.groupGrants !== groupGrants || entry.expiresAt <= this.now()) {
      this.drop(aadObjectId, entry.principal.userId);
      return null;
    }
    return entry.principal;
  }

  set(aadObjectId: string, groupGrants: readonly Grant[], principal: Principal, stamp: number): void {
    if (!this.feed.live || stamp !== this.generation || this.ttlMs <= 0) return;
    this.entries.set(aadObjectId, { principal, groupGrants, expiresAt: this.now() + this.ttlMs });
    this.objectIdByUser.set(principal.userId, aadObjectId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.objectIdByUser.clear();
  }

  close(): void {
    for (const off of this.unsubscribe) off();
    this.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private changed(payload: string): void {
    this.generation++;
    const userId = Number(payload);
    if (payload === "" || !Number.isInteger(userId)) return this.clear();
    const aadObjectId = this.objectIdByUser.get(userId);
    if (aadObjectId !== undefined) this.drop(aadObjectId, userId);
  }

  private drop(aadObjectId: string, userId: number): void {
    this.entries.delete(aadObjectId);
    this.objectIdByUser.delete(userId);
  }
}
