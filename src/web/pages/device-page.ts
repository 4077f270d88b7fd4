import { html, query, urlPath } from '../../html/html.js';
import type { Principal } from '../auth/principal.js';
import type { DeviceView } from '../views/device-view.js';
import { statusBadge, time } from './components.js';
import { layout } from './layout.js';

/** One device: who it is, and every check of it in the connection's current Artifacts, each linked to its Artifact. */
export function devicePage(frame: { principal: Principal | null }, view: DeviceView): string {
  const rows = view.checks.map(
    (
      c,
    ) => html`<tr><td><a href="${`${urlPath('artifacts', c.artifactId)}${query({ q: view.deviceId })}#records`}">${c.title}</a>${c.subject ? html`<br><span class="muted">${c.subject}</span>` : null}</td>
      <td>${c.result ? statusBadge(c.result) : html`<span class="muted">recorded, not judged</span>`}</td>
      <td>${c.reasons.join('; ')}</td><td>${time(c.collectedAt)}</td></tr>`,
  );
  return layout(
    {
      ...frame,
      title: view.deviceName ?? view.deviceId,
      trail: [
        ['Connections', '/connections'],
        [view.connection.name, '/connections'],
      ],
    },
    html`<dl class="facts">
      <dt>Device id</dt><dd><code>${view.deviceId}</code></dd>
      <dt>Serial number</dt><dd>${view.serialNumber ?? html`<span class="muted">not known</span>`}</dd>
      <dt>Assigned user</dt><dd>${view.assignedUser ?? html`<span class="muted">none</span>`}</dd>
      <dt>Connection</dt><dd>${view.connection.name}</dd>
    </dl>
    <h2>Checks in the current Artifacts</h2>
    <table class="checks"><colgroup><col class="artifact"><col class="result"><col class="reasons"><col class="collected"></colgroup>
    <thead><tr><th>Artifact</th><th>result</th><th>reasons</th><th>collected</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
