/**
 * The visited-state store: 64-bit fingerprints in an open-addressing table of state ids, and per
 * id the parent id and the transition that reached it (for counterexamples). Full states are
 * never stored here; only the frontier holds them.
 *
 * Memory per stored state: 8 bytes of fingerprint, 4 of parent and 2 of transition (4 once a
 * transition id exceeds 65,535), 14 bytes grown by a quarter at a time; and a table of 4-byte slots
 * kept between 30% and 60% full, 6.7 to 13.3 bytes per state. At most 31 bytes per stored state
 * over the whole run from 256 states on (smaller stores carry a fixed minimum of a few hundred bytes).
 *
 * A slot holds the id and, in the bits the id does not need, the top bits of the fingerprint,
 * so that a lookup reads a stored fingerprint (a cache miss once the store outgrows the caches)
 * only when those bits match: about once per lookup of a state already seen, rarely otherwise.
 */

/** Highest fill of the table before it doubles (linear probing stays short up to about 2/3). */
const MAX_LOAD = 0.6;

/** "No parent" (the initial state). */
export const NO_PARENT = 0xffffffff;

// Two cached 32-bit views: a reduced search hashes two scratch buffers in turn (the successor,
// and the symmetry representative when it is not the successor itself).
let viewOf: Uint16Array | null = null;
let view32: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
let viewOf2: Uint16Array | null = null;
let view32b: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/**
 * A 64-bit fingerprint of a state as two 32-bit lanes, each mixing one 32-bit word (two state
 * words) per round with a different multiplier and shift, then a full avalanche. Each lane runs
 * as two chains, over the even and the odd 32-bit words, joined before the avalanche: the chains
 * do not wait on each other's multiplications, which is most of the cost of a long state. The
 * state is read through a 32-bit view of its buffer (cached, since the explorer hashes the same
 * scratch buffers over and over).
 */
export function fingerprint(s: Uint16Array, out: Uint32Array): void {
  const n = s.length;
  const n32 = n >>> 1;
  let w: Uint32Array<ArrayBufferLike>;
  if (s === viewOf && view32.length === n32) w = view32;
  else if (s === viewOf2 && view32b.length === n32) w = view32b;
  else if ((s.byteOffset & 3) === 0) {
    w = new Uint32Array(s.buffer, s.byteOffset, n32);
    viewOf2 = viewOf;
    view32b = view32;
    viewOf = s;
    view32 = w;
  } else {
    w = new Uint32Array(n32);
    for (let i = 0; i < n32; i++) w[i] = s[2 * i] | (s[2 * i + 1] << 16);
  }
  let a1 = 0x9747b28c ^ n;
  let b1 = 0x1b873593;
  let a2 = 0x5bd1e995 ^ Math.imul(n, 0x27d4eb2f);
  let b2 = 0xcc9e2d51;
  let i = 0;
  for (; i + 1 < n32; i += 2) {
    const k = w[i];
    const j = w[i + 1];
    a1 = Math.imul(a1 ^ k, 0x9e3779b1);
    a1 ^= a1 >>> 15;
    b1 = Math.imul(b1 ^ j, 0x9e3779b1);
    b1 ^= b1 >>> 15;
    a2 = Math.imul(a2 + k, 0x85ebca77);
    a2 ^= a2 >>> 13;
    b2 = Math.imul(b2 + j, 0x85ebca77);
    b2 ^= b2 >>> 13;
  }
  if (i < n32) {
    a1 = Math.imul(a1 ^ w[i], 0x9e3779b1);
    a2 = Math.imul(a2 + w[i], 0x85ebca77);
  }
  if (n & 1) {
    b1 = Math.imul(b1 ^ s[n - 1], 0x9e3779b1);
    b2 = Math.imul(b2 + s[n - 1] + 0x3c6ef372, 0x85ebca77);
  }
  // The odd chain enters multiplied, so that swapping the two chains' words changes the result.
  let h1 = a1 ^ Math.imul(b1 ^ (b1 >>> 16), 0xc2b2ae35);
  let h2 = a2 + Math.imul(b2 ^ (b2 >>> 15), 0x27d4eb2f);
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x2c1b3c6d);
  h2 ^= h2 >>> 12;
  h2 = Math.imul(h2, 0x297a2d39);
  h2 ^= h2 >>> 15;
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}

/** The slot where a fingerprint's probe starts, in a table of `mask + 1` slots. */
function homeSlot(hi: number, lo: number, mask: number): number {
  return (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
}

/** The fingerprint set with parent links. */
export class StateStore {
  /**
   * Slots of the open-addressing table: 0 when empty, else the id + 1 in the bits of
   * {@link idMask} and the top bits of the fingerprint's high lane in the others, so that a probe passing
   * an occupied slot rarely has to read that id's fingerprint (a cache miss in a large store).
   */
  private table: Uint32Array;
  private mask: number;
  /** Bits of a slot holding the id + 1: one more than the table's log2 size (ids stay below it). */
  private idMask = 0;
  /** The remaining high bits: the tag (none once the table has 2^31 slots). */
  private tagMask = 0;
  /** Fingerprints, high and low lane of id i at 2i and 2i + 1 (one cache line for both). */
  private fps: Uint32Array;
  private parents: Uint32Array;
  private trans: Uint16Array | Uint32Array;
  /** Number of distinct states stored. */
  size = 0;
  private readonly fp = new Uint32Array(2);

  constructor(initialCapacity = 16) {
    const ids = Math.max(1, initialCapacity);
    let cap = 2;
    while (cap * MAX_LOAD < ids) cap <<= 1;
    this.table = new Uint32Array(cap);
    this.mask = cap - 1;
    this.setMasks();
    this.fps = new Uint32Array(2 * ids);
    this.parents = new Uint32Array(ids);
    this.trans = new Uint16Array(ids);
  }

  /** The id and tag masks of the current table size. */
  private setMasks(): void {
    const idBits = Math.min(32, Math.log2(this.table.length) + 1);
    this.idMask = idBits === 32 ? 0xffffffff : 2 ** idBits - 1;
    this.tagMask = ~this.idMask >>> 0;
  }

  /**
   * Inserts the state's fingerprint. Returns the new id, or -1 when the fingerprint was already
   * present (the state, up to fingerprint collisions, was seen before).
   */
  insert(s: Uint16Array, parent: number, tr: number): number {
    fingerprint(s, this.fp);
    return this.insertFingerprint(this.fp[0], this.fp[1], parent, tr);
  }

  /** The id of the state's fingerprint, or -1 when it was never inserted. Does not insert. */
  find(s: Uint16Array): number {
    fingerprint(s, this.fp);
    const e = this.table[this.slotOf(this.fp[0], this.fp[1])];
    return (e & this.idMask) - 1;
  }

  /** The table slot holding this fingerprint, or the empty slot where it would go. */
  private slotOf(hi: number, lo: number): number {
    const { table, fps, idMask, tagMask, mask } = this;
    const tag = hi & tagMask;
    for (let slot = homeSlot(hi, lo, mask); ; slot = (slot + 1) & mask) {
      const e = table[slot];
      if (e === 0) return slot;
      if ((e & tagMask) === tag) {
        const at = 2 * ((e & idMask) - 1);
        if (fps[at] === hi && fps[at + 1] === lo) return slot;
      }
    }
  }

  /** Inserts a fingerprint computed elsewhere (by a worker); as {@link insert}. */
  insertFingerprint(hi: number, lo: number, parent: number, tr: number): number {
    const slot = this.slotOf(hi, lo);
    if (this.table[slot] !== 0) return -1;
    const id = this.size++;
    if (id >= this.parents.length) this.growIds();
    this.fps[2 * id] = hi;
    this.fps[2 * id + 1] = lo;
    this.parents[id] = parent;
    if (tr > 0xffff && this.trans instanceof Uint16Array) this.trans = Uint32Array.from(this.trans);
    this.trans[id] = tr;
    this.table[slot] = (id + 1) | (hi & this.tagMask);
    if (this.size > this.table.length * MAX_LOAD) this.rehash();
    return id;
  }

  /** Parent id of a state (NO_PARENT for the initial state). */
  parent(id: number): number {
    return this.parents[id];
  }
  /** Transition that first reached a state. */
  transition(id: number): number {
    return this.trans[id];
  }

  /** Bytes held by the store (table and per-id arrays, including growth slack). */
  get bytes(): number {
    return this.table.byteLength + this.fps.byteLength + this.parents.byteLength + this.trans.byteLength;
  }

  /**
   * Estimated probability that two distinct states shared a fingerprint, as TLC prints it: with n
   * states and 64-bit fingerprints, about n^2 / 2^65 (the birthday bound).
   */
  collisionProbability(): number {
    return (this.size * this.size) / 2 ** 65;
  }

  /** The per-state arrays, trimmed to the stored states (for checkpoints). */
  export(): { fpHi: Uint32Array; fpLo: Uint32Array; parents: Uint32Array; trans: Uint32Array } {
    const n = this.size;
    const fpHi = new Uint32Array(n);
    const fpLo = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      fpHi[i] = this.fps[2 * i];
      fpLo[i] = this.fps[2 * i + 1];
    }
    return { fpHi, fpLo, parents: this.parents.slice(0, n), trans: Uint32Array.from(this.trans.subarray(0, n)) };
  }

  /** Rebuilds a store from exported arrays. */
  static import(a: { fpHi: Uint32Array; fpLo: Uint32Array; parents: Uint32Array; trans: Uint32Array }): StateStore {
    const store = new StateStore(Math.max(16, a.fpHi.length));
    for (let i = 0; i < a.fpHi.length; i++) {
      store.fps[2 * i] = a.fpHi[i];
      store.fps[2 * i + 1] = a.fpLo[i];
    }
    store.parents.set(a.parents);
    if (a.trans.some((tr) => tr > 0xffff)) store.trans = new Uint32Array(store.trans.length);
    store.trans.set(a.trans);
    store.size = a.fpHi.length;
    store.rehash();
    return store;
  }

  /** Grows the per-id arrays by a quarter: doubling would leave up to half of them unused. */
  private growIds(): void {
    const n = Math.max(this.parents.length + 16, Math.ceil(this.parents.length * 1.25));
    const grow = <A extends Uint16Array | Uint32Array>(a: A, length: number): A => {
      const b = new (a.constructor as new (n: number) => A)(length);
      b.set(a);
      return b;
    };
    this.fps = grow(this.fps, 2 * n);
    this.parents = grow(this.parents, n);
    this.trans = grow(this.trans, n);
  }

  private rehash(): void {
    const cap = this.table.length * 2;
    const table = new Uint32Array(cap);
    const mask = cap - 1;
    this.table = table;
    this.mask = mask;
    this.setMasks();
    for (let id = 0; id < this.size; id++) {
      const hi = this.fps[2 * id];
      let slot = homeSlot(hi, this.fps[2 * id + 1], mask);
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = (id + 1) | (hi & this.tagMask);
    }
  }
}
