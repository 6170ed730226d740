/**
 * The fingerprint store of the parallel search, in shared memory: worker threads insert into it
 * concurrently with atomic operations, so that no thread has to merge their successors.
 *
 * Layout (as {@link StateStore}): per state id its 64-bit fingerprint, its parent and the
 * transition that reached it; an open-addressing table of ids + 1 (0 empty). A slot is claimed
 * with a compare-and-exchange to {@link BUSY}, then the id is allocated and its fields written,
 * then the slot is published; a reader meeting a busy slot waits for it. The store never grows
 * while workers insert: the main thread grows it between chunks (see parallel.ts), and a worker
 * stops a chunk before a state whose successors might not fit ({@link SharedStore.room}).
 *
 * First discoverer: during a level, the `parent` of a state new in that level holds the level
 * index of the parent that reached it, and every discoverer proposes its (level index,
 * transition); the smallest pair wins, under a per-state lock taken on the parent word. That pair
 * is exactly the one the sequential BFS records (it expands parents in level order and
 * enumerates transitions in increasing id), so the parallel search orders each level, records
 * parents and prints counterexamples exactly as the sequential one. The main thread turns level
 * indices into parent ids when the level is done ({@link SharedStore.resolveParents}).
 */
import { InternalError } from '../util/unreachable.ts';

/** A table slot being filled by another thread. */
const BUSY = -1;
/** A parent word locked by a thread updating the first discoverer. */
const LOCKED = 0xfffffffe;
/** Highest fill of the table (as the sequential store). */
const MAX_LOAD = 0.6;

/** The shared buffers of a store, as sent to the workers. */
export interface SharedStoreBuffers {
  readonly table: SharedArrayBuffer;
  readonly fpHi: SharedArrayBuffer;
  readonly fpLo: SharedArrayBuffer;
  readonly parents: SharedArrayBuffer;
  readonly trans: SharedArrayBuffer;
  /** [0]: number of states stored. */
  readonly meta: SharedArrayBuffer;
  /** Transitions are kept in 16 bits (every transition id of the system is below 65,536). */
  readonly narrow: boolean;
}

/** A view of a shared fingerprint store. */
export class SharedStore {
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly fpHi: Uint32Array;
  private readonly fpLo: Uint32Array;
  private readonly parents: Uint32Array;
  private readonly trans: Uint16Array | Uint32Array;
  private readonly meta: Int32Array;
  /** Ids that fit in the per-id arrays. */
  readonly idCapacity: number;
  /** States the store may hold before it must grow (the table's highest fill, or the id capacity). */
  readonly limit: number;

  constructor(readonly buffers: SharedStoreBuffers) {
    this.table = new Int32Array(buffers.table);
    this.mask = this.table.length - 1;
    this.fpHi = new Uint32Array(buffers.fpHi);
    this.fpLo = new Uint32Array(buffers.fpLo);
    this.parents = new Uint32Array(buffers.parents);
    this.trans = buffers.narrow ? new Uint16Array(buffers.trans) : new Uint32Array(buffers.trans);
    this.meta = new Int32Array(buffers.meta);
    this.idCapacity = this.fpHi.length;
    this.limit = Math.min(this.idCapacity, Math.floor(this.table.length * MAX_LOAD));
  }

  /** An empty store with room for `ids` states (a table of at least `tableSlots` slots). */
  static create(ids: number, narrow: boolean, tableSlots = 2): SharedStore {
    let cap = Math.max(2, tableSlots);
    while (cap * MAX_LOAD < ids) cap <<= 1;
    const sab = (bytes: number) => new SharedArrayBuffer(Math.max(4, bytes));
    return new SharedStore({
      table: sab(cap * 4),
      fpHi: sab(ids * 4),
      fpLo: sab(ids * 4),
      parents: sab(ids * 4),
      trans: sab(ids * (narrow ? 2 : 4)),
      meta: sab(4),
      narrow,
    });
  }

  /** Number of states stored. */
  get size(): number {
    return Atomics.load(this.meta, 0);
  }

  /** True when `more` insertions still fit without growing. */
  room(more: number): boolean {
    return this.size + more <= this.limit;
  }

  /** Bytes held (table and per-id arrays, slack included). */
  get bytes(): number {
    const b = this.buffers;
    return b.table.byteLength + b.fpHi.byteLength + b.fpLo.byteLength + b.parents.byteLength + b.trans.byteLength;
  }

  /**
   * Inserts a fingerprint. Returns the new id, or -1 when it was present. For a state new in the
   * current level (id >= `levelStart`), `parent` is the level index of the discoverer and the
   * smallest (parent, tr) is kept; states of earlier levels keep theirs.
   */
  insert(hi: number, lo: number, parent: number, tr: number, levelStart: number): number {
    const table = this.table;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      let e = Atomics.load(table, slot);
      if (e === 0) {
        if (Atomics.compareExchange(table, slot, 0, BUSY) !== 0) continue; // lost the slot: look again
        const id = Atomics.add(this.meta, 0, 1);
        if (id >= this.idCapacity) throw new InternalError(`parallel store overflow: id ${id} beyond capacity ${this.idCapacity}`);
        this.fpHi[id] = hi;
        this.fpLo[id] = lo;
        this.parents[id] = parent;
        this.trans[id] = tr;
        Atomics.store(table, slot, id + 1);
        return id;
      }
      while (e === BUSY) e = Atomics.load(table, slot);
      const id = e - 1;
      if (this.fpHi[id] === hi && this.fpLo[id] === lo) {
        if (id >= levelStart) this.propose(id, parent, tr);
        return -1;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** Keeps the smallest (parent level index, transition) of a state new in this level. */
  private propose(id: number, parent: number, tr: number): void {
    for (;;) {
      const k = Atomics.load(this.parents, id);
      if (k === LOCKED) continue;
      if (parent > k || (parent === k && tr >= Atomics.load(this.trans, id))) return;
      if (Atomics.compareExchange(this.parents, id, k, LOCKED) !== k) continue;
      Atomics.store(this.trans, id, tr);
      Atomics.store(this.parents, id, parent);
      return;
    }
  }

  /** The parent word of a state: a parent id, or during its level the discoverer's level index. */
  parent(id: number): number {
    return this.parents[id];
  }
  /** The transition that first reached a state. */
  transition(id: number): number {
    return this.trans[id];
  }

  /** Turns the level indices of the states `from..size` into parent ids (main thread, workers idle). */
  resolveParents(from: number, levelIds: Uint32Array): void {
    for (let id = from, n = this.size; id < n; id++) this.parents[id] = levelIds[this.parents[id]];
  }

  /**
   * A copy with room for `ids` states (main thread, workers idle). The table is copied as it is
   * when it is large enough, and rehashed only when it doubles.
   */
  grown(ids: number): SharedStore {
    const n = this.size;
    const g = SharedStore.create(ids, this.buffers.narrow, this.table.length);
    g.fpHi.set(this.fpHi.subarray(0, n));
    g.fpLo.set(this.fpLo.subarray(0, n));
    g.parents.set(this.parents.subarray(0, n));
    g.trans.set(this.trans.subarray(0, n));
    g.meta[0] = n;
    if (g.table.length === this.table.length) g.table.set(this.table);
    else
      for (let id = 0; id < n; id++) {
        let slot = (g.fpHi[id] ^ Math.imul(g.fpLo[id], 0x9e3779b1)) & g.mask;
        while (g.table[slot] !== 0) slot = (slot + 1) & g.mask;
        g.table[slot] = id + 1;
      }
    return g;
  }

  /** Probability that two distinct states shared a fingerprint (the birthday bound, as the sequential store). */
  collisionProbability(): number {
    const n = this.size;
    return (n * n) / 2 ** 65;
  }
}
