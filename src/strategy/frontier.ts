/**
 * Search strategies as frontiers: breadth-first (a queue, which gives shortest counterexamples)
 * and depth-first (a stack, which reaches deep states with a small frontier). States are kept
 * packed, in chunks of contiguous words, with their store id and depth.
 */

/** The strategies of exhaustive search. */
export type Strategy = 'bfs' | 'dfs';

/** A frontier of packed states. */
export interface Frontier {
  push(s: Uint16Array, id: number, depth: number): void;
  /** Copies the next state into `into`; false when empty. Sets {@link id} and {@link depth}. */
  pop(into: Uint16Array): boolean;
  /**
   * The next state without copying it, or null when empty. The view stays valid until the next
   * pop (pushes in between do not overwrite it). Sets {@link id} and {@link depth}.
   */
  popView(): Uint16Array | null;
  readonly size: number;
  /** Id of the state last popped. */
  id: number;
  /** Every entry, in the order pop() would return them (for checkpoints). */
  entries(): { states: Uint16Array; ids: Uint32Array; depths: Uint32Array };
  /** Depth of the state last popped. */
  depth: number;
}

const CHUNK = 4096;

class Chunk {
  readonly states: Uint16Array;
  readonly ids = new Uint32Array(CHUNK);
  readonly depths = new Uint32Array(CHUNK);
  constructor(words: number) {
    this.states = new Uint16Array(words * CHUNK);
  }
}

/** A chunked deque: FIFO for BFS, LIFO for DFS. */
class ChunkedFrontier implements Frontier {
  private chunks: Chunk[] = [];
  private head = 0; // index in the first chunk (FIFO)
  private tail = 0; // fill of the last chunk
  size = 0;
  id = 0;
  depth = 0;
  private spare: Chunk | null = null;
  /** A chunk consumed by the last popView: recycled only at the next pop, so the view stays valid. */
  private retiring: Chunk | null = null;
  private lifoBuf: Uint16Array | null = null;

  constructor(
    private readonly words: number,
    private readonly lifo: boolean,
  ) {}

  entries(): { states: Uint16Array; ids: Uint32Array; depths: Uint32Array } {
    const w = this.words;
    const states = new Uint16Array(this.size * w);
    const ids = new Uint32Array(this.size);
    const depths = new Uint32Array(this.size);
    let k = 0;
    const take = (c: Chunk, i: number) => {
      states.set(c.states.subarray(i * w, i * w + w), k * w);
      ids[k] = c.ids[i];
      depths[k] = c.depths[i];
      k++;
    };
    const last = this.chunks.length - 1;
    if (this.lifo) {
      for (let ci = last; ci >= 0; ci--) for (let i = (ci === last ? this.tail : CHUNK) - 1; i >= 0; i--) take(this.chunks[ci], i);
    } else {
      for (let ci = 0; ci <= last; ci++) for (let i = ci === 0 ? this.head : 0; i < (ci === last ? this.tail : CHUNK); i++) take(this.chunks[ci], i);
    }
    return { states, ids, depths };
  }

  push(s: Uint16Array, id: number, depth: number): void {
    let last = this.chunks[this.chunks.length - 1];
    if (!last || this.tail === CHUNK) {
      last = this.spare ?? new Chunk(this.words);
      this.spare = null;
      this.chunks.push(last);
      this.tail = 0;
    }
    last.states.set(s, this.tail * this.words);
    last.ids[this.tail] = id;
    last.depths[this.tail] = depth;
    this.tail++;
    this.size++;
  }

  popView(): Uint16Array | null {
    if (this.retiring) {
      this.spare = this.retiring;
      this.retiring = null;
    }
    if (this.size === 0) return null;
    if (this.lifo) {
      // A stack reuses the popped slot at the next push: the state must be copied out.
      this.lifoBuf ??= new Uint16Array(this.words);
      this.pop(this.lifoBuf);
      return this.lifoBuf;
    }
    const w = this.words;
    const c = this.chunks[0];
    const i = this.head++;
    const view = c.states.subarray(i * w, i * w + w);
    this.id = c.ids[i];
    this.depth = c.depths[i];
    const isLast = this.chunks.length === 1;
    if (this.head === CHUNK || (isLast && this.head === this.tail)) {
      this.retiring = this.chunks.shift()!;
      this.head = 0;
      if (isLast) this.tail = 0;
    }
    this.size--;
    return view;
  }

  pop(into: Uint16Array): boolean {
    if (this.size === 0) return false;
    const w = this.words;
    if (this.lifo) {
      const c = this.chunks[this.chunks.length - 1];
      const i = --this.tail;
      into.set(c.states.subarray(i * w, i * w + w));
      this.id = c.ids[i];
      this.depth = c.depths[i];
      if (this.tail === 0) {
        this.spare = this.chunks.pop()!;
        // Chunks below the top are always full in a stack.
        this.tail = this.chunks.length ? CHUNK : 0;
      }
    } else {
      const c = this.chunks[0];
      const i = this.head++;
      into.set(c.states.subarray(i * w, i * w + w));
      this.id = c.ids[i];
      this.depth = c.depths[i];
      const isLast = this.chunks.length === 1;
      if (this.head === CHUNK || (isLast && this.head === this.tail)) {
        this.spare = this.chunks.shift()!;
        this.head = 0;
        if (isLast) this.tail = 0;
      }
    }
    this.size--;
    return true;
  }
}

/** A frontier for the strategy. */
export function makeFrontier(strategy: Strategy, words: number): Frontier {
  return new ChunkedFrontier(words, strategy === 'dfs');
}
