/**
 * Where the parallel search keeps the states of a level: in shared memory, as fixed-size
 * segments, so that a worker writes each new state once, where every worker can read it in the
 * next level, and nothing is copied between threads or through the main thread.
 *
 * The state with id `id`, new in a level that began at store size `start`, is at position
 * `id - start` of that level's arena. Two arenas take turns: one holds the level being expanded,
 * the other receives the next. Segments are allocated by the main thread ahead of need, sent to
 * the workers with their next chunk, and kept (each arena is reused two levels later).
 */

/** log2 of the states a segment holds, by default (16,384 states: 5 MB at 155 words). */
export const SEGMENT_SHIFT = 14;

/** A segment sent to a worker: arena 0 or 1, its index there, and its buffer. */
export interface SegmentGrant {
  readonly arena: number;
  readonly index: number;
  readonly buffer: SharedArrayBuffer;
}

/** A thread's views of the two arenas' segments. */
export class ArenaViews {
  private readonly segments: Uint16Array[][] = [[], []];
  private readonly mask: number;

  constructor(
    private readonly words: number,
    /** log2 of the states a segment holds. */
    readonly shift: number,
  ) {
    this.mask = (1 << shift) - 1;
  }

  /** Takes segments the main thread granted. */
  adopt(grants: readonly SegmentGrant[]): void {
    for (const g of grants) this.segments[g.arena][g.index] = new Uint16Array(g.buffer);
  }

  /** States arena `a` holds. */
  capacity(a: number): number {
    return this.segments[a].length << this.shift;
  }

  /** Whether this thread has the segment of position `pos` of arena `a`. */
  has(a: number, pos: number): boolean {
    return pos >>> this.shift < this.segments[a].length;
  }

  /** A view of the state at position `pos` of arena `a`. */
  state(a: number, pos: number): Uint16Array {
    const at = (pos & this.mask) * this.words;
    return this.segments[a][pos >>> this.shift].subarray(at, at + this.words);
  }

  /** Writes a state at position `pos` of arena `a`. */
  write(a: number, pos: number, s: Uint16Array): void {
    this.segments[a][pos >>> this.shift].set(s, (pos & this.mask) * this.words);
  }
}

/** The main thread's arenas: the segments allocated, and which each worker has been sent. */
export class LevelArenas {
  private readonly buffers: SharedArrayBuffer[][] = [[], []];
  /** Per worker, per arena: segments sent. */
  private readonly sent = new Map<unknown, [number, number]>();
  /** The main thread's own views (it writes the initial state). */
  readonly views: ArenaViews;

  constructor(
    private readonly words: number,
    readonly shift = SEGMENT_SHIFT,
  ) {
    this.views = new ArenaViews(words, shift);
  }

  /** Allocates segments until arena `a` holds `states` states. */
  ensure(a: number, states: number): void {
    const list = this.buffers[a];
    while (list.length << this.shift < states) {
      const buffer = new SharedArrayBuffer((this.words * 2) << this.shift);
      this.views.adopt([{ arena: a, index: list.length, buffer }]);
      list.push(buffer);
    }
  }

  /** Bytes allocated. */
  get bytes(): number {
    return ((this.buffers[0].length + this.buffers[1].length) * this.words * 2) << this.shift;
  }

  /** The segments a worker has not been sent yet (and marks them sent). */
  grantsFor(worker: unknown): SegmentGrant[] {
    let s = this.sent.get(worker);
    if (!s) this.sent.set(worker, (s = [0, 0]));
    const out: SegmentGrant[] = [];
    for (let a = 0; a < 2; a++) {
      const list = this.buffers[a];
      for (let i = s[a]; i < list.length; i++) out.push({ arena: a, index: i, buffer: list[i] });
      s[a] = list.length;
    }
    return out;
  }
}
