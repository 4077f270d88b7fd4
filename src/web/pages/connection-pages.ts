import { html, query, urlPath } from '../../html/html.js';
import type { Principal } from '../auth/principal.js';
import type { ConnectionsView } from '../views/connections-view.js';
import { statusBadge, time } from './components.js';
import { layout } from './layout.js';

type Frame = { principal: Principal | null };

export function connectionsPage(frame: Frame, view: ConnectionsView): string {
  const rows = view.connections.map(
    (c) => html`<tr data-connection="${c.name}"${c.deletedAt ? html` class="deleted"` : null}><td><a href="${urlPath('connections', c.name)}">${c.name}</a>${
      c.deletedAt ? html`<br><small>${statusBadge('deleted')} ${time(c.deletedAt)}</small>` : null
    }</td><td>${c.region && c.app ? `${c.app} (${c.region})` : html`<code>${c.baseUrl}</code>`}</td>
      <td>${c.deletedAt ? html`<span class="muted">collects no more</span>` : statusBadge(c.status)}${c.statusReason ? html`<br><small>${c.statusReason}</small>` : null}
        ${c.attention ? html`<br>${statusBadge(c.attention.status)} <small>${c.attention.detail}</small>` : null}</td><td class="num">${c.freshnessHours} h</td>
      <td>${c.lastRun ? html`<a href="${urlPath('runs', c.lastRun.id)}">${statusBadge(c.lastRun.status)}</a> ${time(c.lastRun.startedAt)}` : 'never'}</td>
      <td class="num">${c.currentArtifacts}${c.staleArtifacts ? html` (${c.staleArtifacts} stale)` : null}</td>
      <td><a href="${`/runs${query({ connection: c.name })}`}">runs</a></td></tr>`,
  );
  return layout(
    { ...frame, title: 'Connections' },
    html`${frame.principal?.role === 'admin' ? html`<p><a class="button" href="/connections/new">Add a connection</a></p>` : null}
    ${view.connections.length === 0 ? html`<p>${view.deleted ? 'No live connection.' : 'No connection yet.'}</p>` : null}
    ${
      view.deleted
        ? html`<p class="muted">${
            view.includeDeleted
              ? html`Showing ${view.deleted} deleted connection(s), whose runs and Artifacts are kept. <a href="/connections">Hide deleted</a>`
              : html`${view.deleted} deleted connection(s) not shown. <a href="/connections?include=deleted">Show deleted</a>`
          }</p>`
        : null
    }
    <table><thead><tr><th>name</th><th>tenant</th><th>status</th><th>freshness policy</th><th>last run</th><th>current Artifacts</th><th></th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
