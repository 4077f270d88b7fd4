import type { BuildContext } from './artifact-definition.js';

/** Every row of a source, page after page. */
export async function* rowsOf<Row>(context: BuildContext, source: string): AsyncIterable<Row> {
  for await (const page of context.pages<Row>(source)) yield* page;
}
