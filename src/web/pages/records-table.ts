import { html, query, urlPath, type SafeHtml } from '../../html/html.js';
import { cellText } from '../../read-model/flatten-record.js';
import { DEVICE_IDENTITY_FIELDS, DEVICE_LINK_FIELDS, linkedDeviceId } from '../../read-model/record-fields.js';
import { RESULT_FILTER_LABELS } from '../../read-model/record-filter.js';
import { RESULT_VALUES } from '../../read-model/record-results.js';
import { DEFAULT_PAGE_SIZE, type RecordsPage } from '../records/records-query.js';
import { devicePath, statusBadge } from './components.js';

type Link = (changes: Partial<Record<'q' | 'result' | 'sort' | 'dir' | 'page' | 'pageSize', string | number | null>>) => string;
type Row = Record<string, unknown>;

const DEVICE_FIELDS: ReadonlySet<string> = new Set([...DEVICE_LINK_FIELDS, ...DEVICE_IDENTITY_FIELDS]);
const RESULT_FIELDS: ReadonlySet<string> = new Set(['result', 'reasons', 'reason']);

/**
 * One page of records with its search box, result filter, sortable headers, pager and the exports of what it selects.
 * Plain links and a GET form, so it works without script; app.js swaps in the same fragment from
 * /artifacts/:id/records without reloading the page.
 */
export function recordsTable(artifactId: string, connectionId: string, page: RecordsPage): SafeHtml {
  const pageUrl = urlPath('artifacts', artifactId);
  const link: Link = (changes) =>
    `${pageUrl}${query({ q: page.q, result: page.result, sort: page.sort, dir: page.sort ? page.dir : undefined, page: page.page, pageSize: page.pageSize === DEFAULT_PAGE_SIZE ? undefined : page.pageSize, ...changes })}#records`;
  const exportUrl = (extension: string) =>
    `${urlPath('api', 'v1', 'artifacts', artifactId, `records.${extension}`)}${query({ q: page.q, result: page.result })}`;
  const hasResult = page.columns.includes('result');
  const table = page.columns.some((c) => DEVICE_FIELDS.has(c)) || hasResult ? subjectTable(page, link, connectionId) : plainTable(page, link);
  const first = page.matched === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const last = Math.min(page.matched, page.page * page.pageSize);
  const filtered = page.matched !== page.total;
  return html`<div id="records" data-records="${urlPath('artifacts', artifactId, 'records')}">
  <form class="records-search" method="get" action="${pageUrl}#records">
    <input type="search" name="q" value="${page.q}" placeholder="Search every field" aria-label="Search records">
    ${hasResult || page.result ? resultSelect(page.result) : null}
    ${page.sort ? html`<input type="hidden" name="sort" value="${page.sort}"><input type="hidden" name="dir" value="${page.dir}">` : null}
    <button type="submit">Search</button>
  </form>
  <p class="records-count">Records ${first}–${last} of ${page.matched}${filtered ? ` matching (of ${page.total})` : ''}; page ${page.page} of ${page.pages}.</p>
  <p class="records-export">${filtered ? 'The matching records' : 'Every record'}: <a href="${exportUrl('csv')}" download>records as CSV</a> · <a href="${exportUrl('json')}" download>records as JSON</a></p>
  ${table}
  <p class="pager">
    ${page.page > 1 ? html`<a data-records-link href="${link({ page: 1 })}">« first</a> <a data-records-link href="${link({ page: page.page - 1 })}">‹ previous</a>` : null}
    ${page.page < page.pages ? html`<a data-records-link href="${link({ page: page.page + 1 })}">next ›</a> <a data-records-link href="${link({ page: page.pages })}">last »</a>` : null}
  </p></div>`;
}

function resultSelect(selected: string | null): SafeHtml {
  const options = RESULT_VALUES.map((r) => html`<option value="${r}"${selected === r ? html` selected` : null}>${RESULT_FILTER_LABELS[r]}</option>`);
  return html`<select name="result" aria-label="Result"><option value="">All results</option>${options}</select>`;
}

function sortHeader(page: RecordsPage, link: Link, column: string, label: string = column): SafeHtml {
  const active = page.sort === column;
  const dir = active && page.dir === 'asc' ? 'desc' : 'asc';
  const mark = active ? (page.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return html`<a data-records-link href="${link({ sort: column, dir, page: 1 })}">${label}${mark}</a>`;
}

/** Every field a column of its own: for records that are neither about a device nor judged (applications, events). */
function plainTable(page: RecordsPage, link: Link): SafeHtml {
  const header = page.columns.map((column) => html`<th>${sortHeader(page, link, column)}</th>`);
  const rows = page.rows.map((record) => html`<tr>${page.columns.map((c) => html`<td>${cellText(record[c])}</td>`)}</tr>`);
  return html`<table class="records plain"><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The device (name, serial, user, linked to its page), the result and its reasons first; every other field in one details cell. */
function subjectTable(page: RecordsPage, link: Link, connectionId: string): SafeHtml {
  const hasDevice = page.columns.some((c) => DEVICE_FIELDS.has(c));
  const hasResult = page.columns.includes('result');
  const reasonsColumn = page.columns.includes('reasons') ? 'reasons' : page.columns.includes('reason') ? 'reason' : undefined;
  const details = page.columns.filter((c) => !DEVICE_FIELDS.has(c) && !RESULT_FIELDS.has(c));
  const deviceSort = ['deviceName', 'deviceId', 'serialNumber'].find((c) => page.columns.includes(c))!;
  const cols = html`<colgroup>${hasDevice ? html`<col class="device">` : null}${hasResult ? html`<col class="result">` : null}${reasonsColumn ? html`<col class="reasons">` : null}<col class="details"></colgroup>`;
  const header = html`<tr>${hasDevice ? html`<th>${sortHeader(page, link, deviceSort, 'device')}</th>` : null}${hasResult ? html`<th>${sortHeader(page, link, 'result')}</th>` : null}${reasonsColumn ? html`<th>${sortHeader(page, link, reasonsColumn, 'reasons')}</th>` : null}<th>details</th></tr>`;
  const rows = page.rows.map(
    (record) =>
      html`<tr>${hasDevice ? html`<td class="device">${deviceCell(record, connectionId)}</td>` : null}${hasResult ? html`<td>${typeof record.result === 'string' ? statusBadge(record.result) : null}</td>` : null}${reasonsColumn ? html`<td>${cellText(record[reasonsColumn])}</td>` : null}<td class="details">${detailsCell(record, details)}</td></tr>`,
  );
  return html`<table class="records">${cols}<thead>${header}</thead><tbody>${rows}</tbody></table>`;
}

function deviceCell(record: Row, connectionId: string): SafeHtml {
  const id = linkedDeviceId(record);
  const name = cellText(record.deviceName);
  const serial = cellText(record.serialNumber);
  const user = cellText(record.assignedUser);
  const label = name || serial || id || 'no device';
  const facts = [serial && label !== serial && html`<span class="serial">Serial ${serial}</span>`, user && html`<span class="user">${user}</span>`].filter(
    Boolean,
  );
  return html`${id ? html`<a class="device-link" href="${devicePath(connectionId, id)}">${label}</a>` : html`<span class="${label === 'no device' ? 'muted' : ''}">${label}</span>`}
    ${facts.length ? html`<br><span class="device-facts">${facts.map((f, i) => html`${i ? ' · ' : ''}${f}`)}</span>` : null}
    ${id && label !== id ? html`<br><code class="muted">${id}</code>` : null}`;
}

/** Fields with a value, as name and value; empty ones are left out (the CSV has every column). */
function detailsCell(record: Row, columns: string[]): SafeHtml {
  return html`${columns.map((c) => {
    const value = cellText(record[c]);
    return value === '' ? null : html`<span class="field"><span class="name">${c}</span> ${value}</span> `;
  })}`;
}
