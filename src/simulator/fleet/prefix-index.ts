/** Prefix sums of per-owner row counts: maps a global row offset to (owner, row within owner) in O(log n). */

export interface RowPosition {
  owner: number;
  row: number;
}

export class PrefixIndex {
  /** starts[i] = first global row of owner i; starts[length] = total. */
  private readonly starts: Int32Array;

  constructor(counts: ArrayLike<number>) {
    this.starts = new Int32Array(counts.length + 1);
    for (let i = 0; i < counts.length; i++) this.starts[i + 1] = this.starts[i]! + (counts[i] ?? 0);
  }

  get total(): number {
    return this.starts[this.starts.length - 1]!;
  }

  get owners(): number {
    return this.starts.length - 1;
  }

  countOf(owner: number): number {
    return this.starts[owner + 1]! - this.starts[owner]!;
  }

  locate(offset: number): RowPosition {
    let low = 0;
    let high = this.owners - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { owner: low, row: offset - this.starts[low]! };
  }

  /** Visits rows [offset, offset + limit) owner by owner: visit(owner, firstRow, rowCount). */
  forEachRange(offset: number, limit: number, visit: (owner: number, firstRow: number, rowCount: number) => void): void {
    const end = Math.min(this.total, offset + limit);
    if (offset >= end) return;
    let { owner, row } = this.locate(offset);
    let remaining = end - offset;
    while (remaining > 0 && owner < this.owners) {
      const take = Math.min(this.countOf(owner) - row, remaining);
      if (take > 0) visit(owner, row, take);
      remaining -= Math.max(take, 0);
      owner++;
      row = 0;
    }
  }
}
