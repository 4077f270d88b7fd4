import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import { cellText } from '../../read-model/flatten-record.js';
import { DEFAULT_PAGE_SIZE, type RecordsPage } from '../records/records-query.js';

/**
 * One page of records with its search box, sortable headers and pager. Plain links and a GET form, so it works
 * without script; app.js swaps in the same fragment from /artifacts/:id/records without reloading the page.
 */
export function recordsTable(artifactId: string, page: RecordsPage): SafeHtml {
  const pageUrl = urlPath('artifacts', artifactId);
  const link = (changes: Partial<Record<'q' | 'sort' | 'dir' | 'page' | 'pageSize', string | number | null>>) =>
    `${pageUrl}${query({ q: page.q, sort: page.sort, dir: page.sort ? page.dir : undefined, page: page.page, pageSize: page.pageSize === DEFAULT_PAGE_SIZE ? undefined : page.pageSize, ...changes })}#records`;
  const header = page.columns.map((column) => {
    const active = page.sort === column;
    const dir = active && page.dir === 'asc' ? 'desc' : 'asc';
    const mark = active ? (page.dir === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<th><a data-records-link href="${link({ sort: column, dir, page: 1 })}">${column}${mark}</a></th>`;
  });
  const rows = page.rows.map((record) => html`<tr>${page.columns.map((c) => html`<td>${cellText(record[c])}</td>`)}</tr>`);
  const first = page.matched === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.matched, page.page * page.pageSize);
  return html`<div id="records" data-records="${urlPath('artifacts', artifactId, 'records')}">
  <form class="records-search" method="get" action="${pageUrl}#records">
    <input type="search" name="q" value="${page.q}" placeholder="Search every field" aria-label="Search records">
    ${page.sort ? html`<input type="hidden" name="sort" value="${page.sort}"><input type="hidden" name="dir" value="${page.dir}">` : null}
    <button type="submit">Search</button>
  </form>
  <p class="records-count">Records ${first}–${last} of ${page.matched}${page.matched !== page.total ? ` matching (of ${page.total})` : ''}; page ${page.page} of ${page.pages}.</p>
  <div class="scroll"><table class="records"><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table></div>
  <p class="pager">
    ${page.page > 1 ? html`<a data-records-link href="${link({ page: 1 })}">« first</a> <a data-records-link href="${link({ page: page.page - 1 })}">‹ previous</a>` : null}
    ${page.page < page.pages ? html`<a data-records-link href="${link({ page: page.page + 1 })}">next ›</a> <a data-records-link href="${link({ page: page.pages })}">last »</a>` : null}
  </p></div>`;
}
