import { it } from 'vitest';
import { createFleet, PRISM_CATEGORIES } from '../../src/simulator/index.js';
it('stats', () => {
const f = createFleet({ seed: 7, devices: 2500 });
for (const c of PRISM_CATEGORIES) console.log(c, f.prismRowCount(c));
console.log('users', f.userCount, 'ade', f.adeDeviceCount, 'audit', f.auditEventCount, 'threats', f.threatCount, 'vulns', f.vulnerabilityDetectionCount);
console.log('blueprints', f.blueprints.length, 'items', f.libraryItems.length);
let s=0; for (const it of f.libraryItems) s+= f.libraryItemDeviceStatusCount(it.id); console.log('lib rows', s);
console.log(JSON.stringify(f.adeIntegrations));
console.log(JSON.stringify(f.libraryItems.map(i=>[i.name,i.type,i.macOnly,i.blueprintIds.length])));
console.log(f.spec);
const os = new Map<string, number>(); for (const d of f.devices()) { const k = d.platform+' '+d.osVersion; os.set(k,(os.get(k)??0)+1);} console.log([...os].sort());
});
