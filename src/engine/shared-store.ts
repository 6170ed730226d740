/**
 * The fingerprint store of the parallel search, in shared memory: worker threads insert into it
 * concurrently with atomic operations, so that no thread has to merge their successors.
 *
 * Layout (as {@link StateStore}): per state id its 64-bit fingerprint (both halves in one cache
 * line), its parent and the transition that reached it; an open-addressing table of ids + 1 (0
 * empty) with the fingerprint's top bits in the bits the id does not need, so that a probe
 * passing an occupied slot rarely reads that id's fingerprint. A slot is claimed with a
 * compare-and-exchange to {@link BUSY}, then the id is allocated and its fields written, then the
 * slot is published; a reader meeting a busy slot waits for it. The per-id arrays are
 * growable shared buffers that the main thread grows in place while workers run; the table
 * doubles only with every worker idle (see parallel.ts). A worker stops a chunk before a state
 * whose successors might not fit ({@link SharedStore.room}).
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
  /** Fingerprints: high and low half of id i at 2i and 2i + 1. */
  readonly fps: SharedArrayBuffer;
  readonly parents: SharedArrayBuffer;
  readonly trans: SharedArrayBuffer;
  /** [0]: number of states stored. */
  readonly meta: SharedArrayBuffer;
  /** Transitions are kept in 16 bits (every transition id of the system is below 65,536). */
  readonly narrow: boolean;
}

/** Most states a parallel search can store (the per-id arrays reserve address space for them). */
export const MAX_SHARED_STATES = 2 ** 28;

/** A view of a shared fingerprint store. */
export class SharedStore {
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Bits of a slot holding the id + 1 (ids stay below the table's size), and the tag's bits. */
  private readonly idMask: number;
  private readonly tagMask: number;
  // Fixed-length views of the growable buffers, remade when the main thread has grown them
  // (length-tracking views of growable buffers are an order of magnitude slower to index).
  private fps!: Uint32Array;
  private parents!: Uint32Array;
  private trans!: Uint16Array | Uint32Array;
  /** [0]: states stored; [1]: ids the per-id buffers hold. */
  private readonly meta: Int32Array;
  /** Ids the current views hold. */
  private capacity = 0;
  /** States the table holds before it must double. */
  private readonly tableLimit: number;

  constructor(readonly buffers: SharedStoreBuffers) {
    this.table = new Int32Array(buffers.table);
    this.mask = this.table.length - 1;
    const idBits = Math.min(32, Math.log2(this.table.length) + 1);
    this.idMask = idBits === 32 ? 0xffffffff : 2 ** idBits - 1;
    this.tagMask = ~this.idMask >>> 0;
    this.meta = new Int32Array(buffers.meta);
    this.tableLimit = Math.floor(this.table.length * MAX_LOAD);
    this.refresh();
  }

  /** Remakes the views over the per-id buffers at their current size. */
  private refresh(): void {
    const b = this.buffers;
    const n = Atomics.load(this.meta, 1);
    this.fps = new Uint32Array(b.fps, 0, 2 * n);
    this.parents = new Uint32Array(b.parents, 0, n);
    this.trans = b.narrow ? new Uint16Array(b.trans, 0, n) : new Uint32Array(b.trans, 0, n);
    this.capacity = n;
  }

  /** Ids that fit in the per-id arrays now. */
  get idCapacity(): number {
    if (Atomics.load(this.meta, 1) !== this.capacity) this.refresh();
    return this.capacity;
  }
  /** States the store may hold before it must grow: the table's highest fill, or the id capacity. */
  get limit(): number {
    return Math.min(this.idCapacity, this.tableLimit);
  }
  /** True when the table, not the per-id arrays, is what must grow for `more` insertions. */
  tableFull(more: number): boolean {
    return this.size + more > this.tableLimit;
  }

  /** An empty store with room for `ids` states. */
  static create(ids: number, narrow: boolean): SharedStore {
    const growable = (per: number) => new SharedArrayBuffer(ids * per, { maxByteLength: MAX_SHARED_STATES * per });
    const meta = new SharedArrayBuffer(8);
    new Int32Array(meta)[1] = ids;
    return new SharedStore({
      table: new SharedArrayBuffer(tableSlotsFor(ids, 2) * 4),
      fps: growable(8),
      parents: growable(4),
      trans: growable(narrow ? 2 : 4),
      meta,
      narrow,
    });
  }

  /**
   * Grows the per-id arrays in place to `ids` states (main thread). Workers may be inserting
   * meanwhile: nothing moves, and they see the new capacity at their next check.
   */
  growIds(ids: number): void {
    if (ids > MAX_SHARED_STATES) throw new RangeError(`the parallel search stores at most ${MAX_SHARED_STATES} states`);
    const b = this.buffers;
    const grow = (sab: SharedArrayBuffer, per: number) => {
      if (sab.byteLength < ids * per) sab.grow(ids * per);
    };
    grow(b.trans, b.narrow ? 2 : 4);
    grow(b.parents, 4);
    grow(b.fps, 8);
    Atomics.store(this.meta, 1, ids);
    this.refresh();
  }

  /**
   * A store over the same states with a table doubled until it holds `ids` states, rehashed
   * (main thread, every worker idle; they adopt it before inserting again).
   */
  withTable(ids: number): SharedStore {
    const n = this.size;
    const g = new SharedStore({ ...this.buffers, table: new SharedArrayBuffer(tableSlotsFor(ids, this.table.length) * 4) });
    for (let id = 0; id < n; id++) {
      const hi = g.fps[2 * id];
      let slot = (hi ^ Math.imul(g.fps[2 * id + 1], 0x9e3779b1)) & g.mask;
      while (g.table[slot] !== 0) slot = (slot + 1) & g.mask;
      g.table[slot] = (id + 1) | (hi & g.tagMask);
    }
    return g;
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
    return b.table.byteLength + b.fps.byteLength + b.parents.byteLength + b.trans.byteLength;
  }

  /**
   * Inserts a fingerprint. Returns the new id, or -1 when it was present. For a state new in the
   * current level (id >= `levelStart`), `parent` is the level index of the discoverer and the
   * smallest (parent, tr) is kept; states of earlier levels keep theirs.
   */
  insert(hi: number, lo: number, parent: number, tr: number, levelStart: number): number {
    const { table, idMask, tagMask } = this;
    // Slots are Int32: the tag is compared in the same signed form.
    const tag = (hi & tagMask) | 0;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      let e = Atomics.load(table, slot);
      if (e === 0) {
        if (Atomics.compareExchange(table, slot, 0, BUSY) !== 0) continue; // lost the slot: look again
        const id = Atomics.add(this.meta, 0, 1);
        if (id >= this.capacity && id >= this.idCapacity) throw new InternalError(`parallel store overflow: id ${id} beyond capacity ${this.capacity}`);
        this.fps[2 * id] = hi;
        this.fps[2 * id + 1] = lo;
        this.parents[id] = parent;
        this.trans[id] = tr;
        // Never BUSY: an id + 1 stays below the table's size, so its bits are never all ones.
        Atomics.store(table, slot, (id + 1) | tag);
        return id;
      }
      while (e === BUSY) e = Atomics.load(table, slot);
      if ((e & tagMask) === tag) {
        const id = (e & idMask) - 1;
        if (this.fps[2 * id] === hi && this.fps[2 * id + 1] === lo) {
          if (id >= levelStart) this.propose(id, parent, tr);
          return -1;
        }
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

  /** Probability that two distinct states shared a fingerprint (the birthday bound, as the sequential store). */
  collisionProbability(): number {
    const n = this.size;
    return (n * n) / 2 ** 65;
  }
}

/** Table slots (a power of two, at least `min`) that hold `ids` states at the highest fill. */
function tableSlotsFor(ids: number, min: number): number {
  let cap = Math.max(2, min);
  while (cap * MAX_LOAD < ids) cap <<= 1;
  return cap;
}
