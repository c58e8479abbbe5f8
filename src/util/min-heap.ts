/**
 * A binary min-heap of values by a numeric key, in two parallel arrays. Equal keys come out in an
 * order fixed by the pushes and pops alone, so what uses it repeats itself exactly.
 */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly vals: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The least key (undefined when empty). */
  topKey(): number {
    return this.keys[0];
  }

  /** Empties the heap, keeping its arrays' room (a walk empties and refills it per query). */
  clear(): void {
    while (this.keys.length) {
      this.keys.pop();
      this.vals.pop();
    }
  }

  push(k: number, v: T): void {
    const keys = this.keys;
    const vals = this.vals;
    let i = keys.length;
    keys.push(k);
    vals.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= k) break;
      keys[i] = keys[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = k;
    vals[i] = v;
  }

  /** Removes the value with the least key and returns it. */
  pop(): T {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0];
    const k = keys.pop() as number;
    const v = vals.pop() as T;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && keys[l + 1] < keys[l] ? l + 1 : l;
        if (keys[c] >= k) break;
        keys[i] = keys[c];
        vals[i] = vals[c];
        i = c;
      }
      keys[i] = k;
      vals[i] = v;
    }
    return top;
  }
}
