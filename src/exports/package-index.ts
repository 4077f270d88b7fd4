import { stackedBar, timelineLegend, timelineSvg } from '../html/charts.js';
import { html, trusted, type SafeHtml } from '../html/html.js';
import { actionEvidence, judgeAction } from '../read-model/action-judgement.js';
import { freshnessAt } from '../read-model/freshness.js';
import { periodJudgementScope, type PeriodEvidence } from '../read-model/period-evidence.js';
import { bucketUnit } from '../read-model/timeline-buckets.js';

export interface IndexedFile {
  file: string;
  kind: string;
  sha256: string;
  artifactId?: string;
  runId?: string;
}

const STYLE = trusted(`
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #222; max-width: 80rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
code { font-size: 12px; word-break: break-all; }
.satisfied { color: #2e7d32; font-weight: 600; } .not-satisfied { color: #c62828; font-weight: 600; } .excepted { color: #6a1b9a; font-weight: 600; }
.legend-item { margin-right: 1rem; } .bar-text { font-size: 12px; color: #555; }
`);

/** The package's index.html: readable offline (no script, no external resource), every link relative to the package. */
export function renderPackageIndex(evidence: PeriodEvidence, files: IndexedFile[], now: Date): string {
  const { framework, period, connection } = evidence.scope;
  const names = new Map(evidence.connections.map((c) => [c.id, c.name]));
  const fileOf = new Map(files.filter((f) => f.artifactId).map((f) => [f.artifactId!, f]));
  const runFile = new Map(files.filter((f) => f.runId).map((f) => [f.runId!, f]));
  const scope = periodJudgementScope(evidence, now);
  const title = `${framework.name} evidence, ${period.from} to ${period.to}`;

  const controls = framework.controls.map((control) => {
    const timeline = evidence.timelines.get(control.id) ?? [];
    const actions = actionEvidence(control, evidence.latest, scope).map((action) => {
      const judgement = judgeAction(action, timeline);
      return html`<li><strong>${action.action.id}</strong>: ${action.action.description}
        <br><span class="${judgement.satisfied ? 'satisfied' : judgement.verdict === 'excepted' ? 'excepted' : 'not-satisfied'}">${judgement.verdict.replace('_', ' ')}</span>
        ${judgement.reasons.length ? html`<ul>${judgement.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : null}
        <ul>${action.evidence.map((e) => html`<li>${e.mapping.type} (${e.mapping.coverage} coverage): ${e.versions.length === 0 ? 'no evidence' : e.versions.map((v) => html`<a href="${fileOf.get(v.id)?.file ?? '#'}">${v.id}</a> `)}</li>`)}</ul></li>`;
    });
    const all = timeline[timeline.length - 1];
    return html`<section><h3>${control.id} ${control.title}</h3>
      ${
        all
          ? html`<p>${stackedBar('Days with fresh evidence', [
              { label: 'fresh', value: all.freshDays, tone: 'fresh' },
              { label: 'partly fresh', value: all.partialDays, tone: 'partial' },
              { label: 'no fresh evidence', value: all.gapDays, tone: 'gap' },
            ])}</p>${timelineSvg(timeline)}`
          : null
      }
      <ul>${actions}</ul></section>`;
  });

  const versionRows = evidence.versions.map((v) => {
    const file = fileOf.get(v.id);
    return html`<tr><td>${v.type}</td><td>${names.get(v.connectionId) ?? v.connectionId}</td><td>${v.collectedAt}</td><td>${v.expiresAt}</td>
      <td>${freshnessAt(v.collectedAt, v.expiresAt, now)}</td><td>${v.recordCount}</td><td>${v.envelope.summary.coverage.text}</td>
      <td>${file ? html`<a href="${file.file}">${file.file}</a><br><code>${file.sha256}</code>` : 'not in package'}</td></tr>`;
  });

  const runRows = [...evidence.runs]
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
    .map((run) => {
      const failedSources = (run.summary?.sources ?? []).filter((s) => s.status === 'failed').map((s) => `${s.name}: ${s.error?.message ?? 'failed'}`);
      const file = runFile.get(run.id);
      return html`<tr><td>${file ? html`<a href="${file.file}">${run.id}</a>` : run.id}</td><td>${names.get(run.connectionId) ?? run.connectionId}</td>
        <td>${run.status}</td><td>${run.startedAt}</td><td>${run.finishedAt ?? ''}</td><td>${failedSources.join('; ')}</td></tr>`;
    });

  const page: SafeHtml = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body>
<h1>${title}</h1>
<p>${framework.name} (${framework.version}). Period: ${period.from} to ${period.to} (UTC days). Connection: ${connection?.name ?? 'all connections'}. Exported ${now.toISOString()}.</p>
<p>Every file of this package is listed with the SHA-256 of its bytes in <a href="manifest.json">manifest.json</a>. The OSCAL Assessment Results are in <a href="oscal/assessment-results.json">oscal/assessment-results.json</a>.</p>
<h2>Controls</h2>
${timelineLegend(bucketUnit(period.days))}
${controls}
<h2>Artifact versions (${evidence.versions.length})</h2>
<table><thead><tr><th>type</th><th>connection</th><th>collected</th><th>expires</th><th>freshness at export</th><th>records</th><th>coverage</th><th>file and SHA-256</th></tr></thead>
<tbody>${versionRows}</tbody></table>
<h2>Collection runs (${evidence.runs.length})</h2>
<table><thead><tr><th>run</th><th>connection</th><th>status</th><th>started</th><th>finished</th><th>failed sources</th></tr></thead>
<tbody>${runRows}</tbody></table>
</body></html>
`;
  return page.value;
}
