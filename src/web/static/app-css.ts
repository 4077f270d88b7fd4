/** The stylesheet, served as /static/app.css (the CSP allows no inline style). */
export const APP_CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fafafa; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.5rem; background: #1f2937; color: #fff; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; margin-right: .8rem; }
header .brand { font-weight: 700; }
header .who { margin-left: auto; margin-right: .5rem; opacity: .85; }
nav { display: flex; align-items: center; flex: 1; flex-wrap: wrap; }
main { padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 1.5rem; margin: .3rem 0 1rem; overflow-wrap: anywhere; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; background: #fff; margin: .4rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; } th a { color: inherit; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 12px; word-break: break-all; }
.scroll { overflow-x: auto; max-width: 100%; }
table.records, table.checks { width: 100%; table-layout: fixed; }
table.records td, table.checks td { overflow-wrap: anywhere; }
table.records col.device { width: 22%; } table.records col.result, table.checks col.result { width: 8.5rem; } table.records col.reasons { width: 22%; }
table.checks col.artifact { width: 32%; } table.checks col.collected { width: 13rem; }
table.records .device-facts { font-size: 12px; color: #4b5563; }
table.records .details .field { margin-right: .7rem; } table.records .details .name { color: #6b7280; font-size: 12px; }
.records-search select { margin: 0 .3rem; }
.muted { color: #6b7280; } .trail { margin: 0; color: #6b7280; }
.ok { color: #1b5e20; font-weight: 600; } .not-ok { color: #b71c1c; font-weight: 600; }
.error { color: #b71c1c; background: #fdecea; padding: .5rem .8rem; border-radius: 4px; }
.done { background: #e8f5e9; padding: .5rem .8rem; border-radius: 4px; }
.secret { font-size: 14px; background: #fff8e1; padding: .2rem .4rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 9px; font-size: 12px; background: #e5e7eb; white-space: nowrap; }
.badge-fresh, .badge-succeeded, .badge-ok, .badge-active { background: #c8e6c9; }
.badge-due, .badge-partial, .badge-expires_soon, .badge-running { background: #ffecb3; }
.badge-stale, .badge-failed, .badge-needs_attention, .badge-invalidated, .badge-expired { background: #ffcdd2; }
.badge-missing, .badge-not_applicable { background: #e0e0e0; }
.badge-pass { background: #c8e6c9; } .badge-fail { background: #ffcdd2; } .badge-not_evaluable { background: #ffecb3; }
.bar svg { vertical-align: middle; } .bar-text { font-size: 12px; color: #4b5563; }
.legend-item { margin-right: 1rem; font-size: 12px; } .tally { margin-right: 1.2rem; font-size: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
form.inline { display: inline; } form label { margin-right: .6rem; }
form.login { display: grid; gap: .6rem; max-width: 20rem; } form.login label { display: grid; }
.button, button { display: inline-block; padding: .3rem .7rem; border: 1px solid #9ca3af; border-radius: 4px; background: #fff; color: #111; text-decoration: none; cursor: pointer; font: inherit; }
section.action { border-top: 1px solid #e5e7eb; margin-top: 1rem; }
section.live progress { width: 20rem; max-width: 100%; }
svg.timeline { display: block; margin: .5rem 0; max-width: 100%; height: auto; }
.verdict { font-weight: 600; } .verdict-satisfied { background: #c8e6c9; color: #1b5e20; }
.verdict-not_satisfied { background: #ffcdd2; color: #b71c1c; } .verdict-not_evaluable { background: #d7ccc8; color: #4e342e; }
.verdict-excepted, .exception-in_force { background: #e1bee7; color: #4a148c; } .exception-revoked, .exception-expired { background: #e0e0e0; }
form.exception textarea { font: inherit; vertical-align: top; }
.badge-permission_missing, .badge-never_collected { background: #ffecb3; }
.warnings { background: #fff8e1; border: 1px solid #f9a825; border-radius: 4px; padding: .2rem 1rem; margin: .8rem 0; }
.warnings h2 { margin-top: .5rem; font-size: 1rem; }
form.scope { margin: 0 0 .8rem; } form.scope select { font: inherit; padding: .15rem .3rem; }
table.checks td, table.posture td { vertical-align: middle; } table.checks:not(.not-evaluable) td.why { min-width: 22rem; } table.checks { width: 100%; }
table.failing, table.not-evaluable { table-layout: fixed; } table.checks td.num { white-space: nowrap; }
table.failing th:nth-child(1) { width: 26%; } table.failing th:nth-child(2) { width: 12%; } table.failing th:nth-child(3) { width: 12%; }
table.not-evaluable th:nth-child(1) { width: 20%; } table.not-evaluable th:nth-child(2) { width: 12%; } table.not-evaluable th:nth-child(3) { width: 38%; } td.why ul { margin: 0; padding-left: 1rem; } table.checks tr.gap td { background: #fffdf5; }
svg.trend { display: block; margin: .5rem 0; max-width: 100%; height: auto; background: #fff; border: 1px solid #e5e7eb; }
`;
