import type { DeniedRouteRow, DeniedRouteSource, SourceName, SourceRow } from '../iru/index.js';
import type { BuildContext } from './artifact-definition.js';

/** The sources whose rows have at least the fields of `Row`. */
export type SourceWithRows<Row> = { [S in SourceName]: SourceRow<S> extends Row ? S : never }[SourceName];

/** Every row of a source, page after page, as the catalog's row schema read it. */
export async function* rowsOf<S extends SourceName>(context: BuildContext, source: S): AsyncIterable<SourceRow<S>> {
  for await (const page of context.pages<SourceRow<S>>(source)) yield* page;
}

/**
 * Every row of a source that was read through the route for its denied permission (`readThroughDeniedRoute`): rows of
 * the route's endpoint, each with the filter value it was listed under.
 */
export async function* deniedRouteRowsOf<S extends DeniedRouteSource>(context: BuildContext, source: S): AsyncIterable<DeniedRouteRow<S>> {
  for await (const page of context.pages<DeniedRouteRow<S>>(source)) yield* page;
}
