/** `next`/`previous` URLs on the web host, keeping the request's other query parameters. */

export type ParamEdits = Record<string, string | null>;

/** Edited keys keep their place; new ones are appended; null removes. */
function applyEdits(query: URLSearchParams, edits: ParamEdits): [string, string][] {
  const entries: [string, string][] = [];
  for (const [key, value] of query.entries()) {
    if (!(key in edits)) entries.push([key, value]);
    else if (edits[key] !== null && !entries.some(([existing]) => existing === key)) entries.push([key, edits[key]!]);
  }
  for (const [key, value] of Object.entries(edits)) {
    if (value !== null && !entries.some(([existing]) => existing === key)) entries.push([key, value]);
  }
  return entries;
}

function render(linkBase: string, entries: [string, string][]): string {
  const search = new URLSearchParams(entries).toString();
  return search === '' ? linkBase : `${linkBase}?${search}`;
}

/** DRF's replace_query_param / remove_query_param: keys end up sorted. */
export function sortedLink(linkBase: string, query: URLSearchParams, edits: ParamEdits): string {
  const entries = applyEdits(query, edits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return render(linkBase, entries);
}

/** A link carrying one parameter only (the `/users` `next`: `...users?cursor=cD0yOTE0Mw%3D%3D`). */
export function onlyParamLink(linkBase: string, key: string, value: string): string {
  return render(linkBase, [[key, value]]);
}

/** Request order, with `lastKey` moved to the end (the audit log's `…&cursor=…`). */
export function lastKeyLink(linkBase: string, query: URLSearchParams, edits: ParamEdits, lastKey: string): string {
  const entries = applyEdits(query, edits);
  const ordered = [...entries.filter(([key]) => key !== lastKey), ...entries.filter(([key]) => key === lastKey)];
  return render(linkBase, ordered);
}
