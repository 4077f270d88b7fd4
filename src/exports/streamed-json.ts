type Items = AsyncIterable<unknown> | Iterable<unknown>;

/** An array whose items are produced as it is written, never held together. In an object it is left out when it has no item. */
export class StreamedArray {
  constructor(readonly items: () => Items) {}
}

export function streamedArray(items: () => Items): StreamedArray {
  return new StreamedArray(items);
}

/**
 * `value` as `JSON.stringify(value, null, 2)` writes it, in chunks of about `chunkSize` characters: objects and arrays
 * that hold a StreamedArray are written around it, an item at a time; every other value by JSON.stringify whole.
 */
export async function* jsonChunks(value: unknown, chunkSize = 64 * 1024): AsyncGenerator<string> {
  let pending = '';
  for await (const piece of write(value, '')) {
    pending += piece;
    if (pending.length >= chunkSize) {
      yield pending;
      pending = '';
    }
  }
  yield `${pending}\n`;
}

async function* write(value: unknown, indent: string): AsyncGenerator<string> {
  if (value instanceof StreamedArray) yield* arrayChunks(value.items(), indent);
  else if (!holdsStreamed(value)) yield stringify(value, indent);
  else if (Array.isArray(value)) yield* arrayChunks(value, indent);
  else yield* objectChunks(value as Record<string, unknown>, indent);
}

function stringify(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

async function* arrayChunks(items: Items, indent: string): AsyncGenerator<string> {
  const inner = `${indent}  `;
  let first = true;
  for await (const item of items) {
    const separator = first ? `[\n${inner}` : `,\n${inner}`;
    first = false;
    // Most items (a device's part) hold nothing streamed: one piece each, without a generator of their own.
    if (holdsStreamed(item)) {
      yield separator;
      yield* write(item, inner);
    } else yield separator + stringify(item ?? null, inner);
  }
  yield first ? '[]' : `\n${indent}]`;
}

async function* objectChunks(object: Record<string, unknown>, indent: string): AsyncGenerator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    const written = value instanceof StreamedArray ? await unlessEmpty(value) : value;
    if (written === undefined) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* write(written, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** The array with its first item already read, or undefined when it has none. */
async function unlessEmpty(array: StreamedArray): Promise<StreamedArray | undefined> {
  const items = array.items();
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  const head = await iterator.next();
  if (head.done) return undefined;
  return streamedArray(async function* () {
    try {
      yield head.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  });
}

function holdsStreamed(value: unknown): boolean {
  if (value instanceof StreamedArray) return true;
  if (Array.isArray(value)) return value.some(holdsStreamed);
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsStreamed);
}
