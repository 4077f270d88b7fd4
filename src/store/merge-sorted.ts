/**
 * Merges sorted sequences into one sorted sequence (a k-way merge over a binary heap), pulling each source lazily:
 * memory holds one item per source, whatever their lengths.
 */
export async function* mergeSorted<T>(sources: AsyncIterable<T>[], compare: (a: T, b: T) => number): AsyncIterable<T> {
  if (sources.length === 1) return yield* sources[0]!;
  const heap: { item: T; rest: AsyncIterator<T> }[] = [];
  const before = (i: number, j: number) => compare(heap[i]!.item, heap[j]!.item) < 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const up = (i: number) => {
    for (let parent = (i - 1) >> 1; i > 0 && before(i, parent); i = parent, parent = (i - 1) >> 1) swap(i, parent);
  };
  const down = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      let smallest = i;
      if (left < heap.length && before(left, smallest)) smallest = left;
      if (left + 1 < heap.length && before(left + 1, smallest)) smallest = left + 1;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };
  for (const source of sources) {
    const rest = source[Symbol.asyncIterator]();
    const first = await rest.next();
    if (!first.done) {
      heap.push({ item: first.value, rest });
      up(heap.length - 1);
    }
  }
  while (heap.length > 0) {
    const top = heap[0]!;
    yield top.item;
    const next = await top.rest.next();
    if (next.done) {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    } else top.item = next.value;
    down(0);
  }
}
