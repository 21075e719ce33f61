/**
 * A set of feature subsets stored as bitsets, in insertion order, with an
 * open-addressing hash index: the duplicate check of the Kernel SHAP sampler.
 * A subset of M features takes ⌈M/32⌉ 32-bit words.
 *
 * @internal
 */
export class SubsetTable {
  /** 32-bit words per subset. */
  readonly words: number;
  /** Subsets stored so far. */
  count = 0;
  /** Whether the last {@link SubsetTable.findOrAdd} stored a new subset. */
  added = false;
  private bits: Int32Array;
  /** Hash slots holding entry index + 1; 0 marks an empty slot. */
  private slots: Int32Array;

  /**
   * @param numFeatures - M ≥ 1.
   * @param expected - how many subsets will likely be stored (a sizing hint).
   */
  constructor(numFeatures: number, expected: number) {
    this.words = Math.ceil(numFeatures / 32);
    const capacity = Math.max(16, expected);
    this.bits = new Int32Array(capacity * this.words);
    this.slots = new Int32Array(slotCountFor(capacity));
  }

  /**
   * The entry index of `subset` (a bitset of `words` words), adding it first
   * when it is new; {@link SubsetTable.added} tells which happened.
   */
  findOrAdd(subset: Int32Array): number {
    const { words } = this;
    const mask = this.slots.length - 1;
    let slot = hash(subset, words) & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.equals(entry - 1, subset)) {
        this.added = false;
        return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
    const index = this.count;
    if ((index + 1) * words > this.bits.length) {
      const bigger = new Int32Array(this.bits.length * 2);
      bigger.set(this.bits);
      this.bits = bigger;
    }
    for (let w = 0; w < words; w++) this.bits[index * words + w] = subset[w];
    this.count++;
    this.slots[slot] = index + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    this.added = true;
    return index;
  }

  /** Writes entry `index`'s features into `out` in ascending order; returns how many. */
  read(index: number, out: Int32Array): number {
    const { words, bits } = this;
    let n = 0;
    for (let w = 0; w < words; w++) {
      let x = bits[index * words + w];
      while (x !== 0) {
        const lowest = x & -x;
        out[n++] = w * 32 + 31 - Math.clz32(lowest);
        x ^= lowest;
      }
    }
    return n;
  }

  /**
   * The same subsets in another order: entry i of the result is entry `order[i]` of this
   * table (`order` a permutation of 0..count − 1). Copies words; compares nothing.
   */
  permuted(order: Int32Array): SubsetTable {
    const { words } = this;
    const table = new SubsetTable(this.words * 32, this.count);
    for (let i = 0; i < order.length; i++) table.bits.set(this.bits.subarray(order[i] * words, (order[i] + 1) * words), i * words);
    table.count = order.length;
    table.rehash();
    return table;
  }

  private equals(index: number, subset: Int32Array): boolean {
    const { words, bits } = this;
    const at = index * words;
    for (let w = 0; w < words; w++) if (bits[at + w] !== subset[w]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = hash(this.bits.subarray(i * this.words), this.words) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.slots = slots;
  }
}

/** Smallest power of two at least twice `capacity`: the table stays at most half full. */
function slotCountFor(capacity: number): number {
  let n = 32;
  while (n < 2 * capacity) n *= 2;
  return n;
}

/** Multiplicative word hash finished with MurmurHash3's fmix32. */
function hash(subset: Int32Array, words: number): number {
  let h = 0x9e3779b9;
  for (let w = 0; w < words; w++) h = Math.imul(h ^ subset[w], 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
