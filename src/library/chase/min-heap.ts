/**
 * A binary min-heap of (time, slot, version) triples, with lazy deletion by version (for
 * rescheduling). Kept in parallel typed arrays: the chase pops one entry per check, and flat
 * numbers avoid an object (and a cache miss) per comparison.
 */
export class CheckHeap {
  #keys = new Float64Array(1024);
  #slots = new Int32Array(1024);
  #versions = new Int32Array(1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(key: number, slot: number, version: number): void {
    if (this.#size === this.#keys.length) this.#grow();
    const keys = this.#keys;
    const slots = this.#slots;
    const versions = this.#versions;
    let i = this.#size++;
    // Sift up by moving parents down into the hole, then write the new entry once.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      slots[i] = slots[parent]!;
      versions[i] = versions[parent]!;
      i = parent;
    }
    keys[i] = key;
    slots[i] = slot;
    versions[i] = version;
  }

  /** The smallest key, or undefined when empty. */
  peekKey(): number | undefined {
    return this.#size === 0 ? undefined : this.#keys[0];
  }

  /** The slot and version of the smallest entry (call only when not empty). */
  peekSlot(): number {
    return this.#slots[0]!;
  }

  peekVersion(): number {
    return this.#versions[0]!;
  }

  /** Removes the smallest entry. */
  pop(): void {
    const size = --this.#size;
    if (size <= 0) {
      this.#size = Math.max(0, size);
      return;
    }
    const keys = this.#keys;
    const slots = this.#slots;
    const versions = this.#versions;
    const key = keys[size]!;
    const slot = slots[size]!;
    const version = versions[size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      let smallestKey = key;
      if (left < size && keys[left]! < smallestKey) {
        smallest = left;
        smallestKey = keys[left]!;
      }
      if (right < size && keys[right]! < smallestKey) smallest = right;
      if (smallest === i) break;
      keys[i] = keys[smallest]!;
      slots[i] = slots[smallest]!;
      versions[i] = versions[smallest]!;
      i = smallest;
    }
    keys[i] = key;
    slots[i] = slot;
    versions[i] = version;
  }

  #grow(): void {
    const capacity = this.#keys.length * 2;
    const keys = new Float64Array(capacity);
    const slots = new Int32Array(capacity);
    const versions = new Int32Array(capacity);
    keys.set(this.#keys);
    slots.set(this.#slots);
    versions.set(this.#versions);
    this.#keys = keys;
    this.#slots = slots;
    this.#versions = versions;
  }
}
