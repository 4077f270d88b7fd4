import type { Framework } from '../../evidence/frameworks/index.js';
import { html } from '../../html/html.js';
import type { Connection } from '../../store/index.js';
import type { Principal } from '../auth/principal.js';
import { layout } from './layout.js';

export function exportsPage(
  frame: { principal: Principal | null },
  input: { frameworks: readonly Framework[]; connections: Connection[]; framework?: string; from: string; to: string },
): string {
  return layout(
    { ...frame, title: 'Exports' },
    html`<p>An evidence package holds every Artifact valid at some time in the period (the stored documents, byte for byte), the collection runs,
    OSCAL Assessment Results, an index.html that opens offline, and manifest.json with the SHA-256 of every file.</p>
    <form class="export" method="get" action="/api/v1/exports/package.zip">
      <label>Framework <select name="framework">${input.frameworks.map((f) => html`<option value="${f.id}"${f.id === input.framework ? html` selected` : null}>${f.name}</option>`)}</select></label>
      <label>From <input type="date" name="from" value="${input.from}" required></label>
      <label>To <input type="date" name="to" value="${input.to}" required></label>
      <label>Connection <select name="connection"><option value="">all connections</option>${input.connections.map((c) => html`<option value="${c.name}">${c.name}</option>`)}</select></label>
      <button type="submit">Download evidence package (ZIP)</button>
      <button type="submit" formaction="/api/v1/exports/oscal.json">Download OSCAL assessment results</button>
    </form>
    <p>Each Artifact page also offers its records as CSV. The command line does the same: <code>iru-evidence artifacts export --format json|csv|zip|oscal</code>.</p>`,
  );
}
