import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  ARTIFACT_TYPES,
  FRAMEWORK_CATALOG_PATH,
  FrameworkCatalogError,
  artifactTypesFor,
  compareIds,
  controlActionsFor,
  findFrameworkCatalogSchemaPath,
  loadFrameworkCatalog,
  parseFrameworkCatalog,
  validateFrameworkCatalog,
} from '../../src/evidence/frameworks/index.js';
import type { ArtifactType, FrameworkCatalog } from '../../src/evidence/frameworks/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../schemas/framework-catalog.schema.json', import.meta.url));
const rawCatalog = (): FrameworkCatalog => JSON.parse(readFileSync(FRAMEWORK_CATALOG_PATH, 'utf8')) as FrameworkCatalog;

function framework(c: FrameworkCatalog, id: string) {
  const fw = c.frameworks.find((f) => f.id === id);
  if (!fw) throw new Error(`no framework ${id}`);
  return fw;
}
function control(c: FrameworkCatalog, fwId: string, ctlId: string) {
  const ctl = framework(c, fwId).controls.find((x) => x.id === ctlId);
  if (!ctl) throw new Error(`no control ${fwId} ${ctlId}`);
  return ctl;
}
function rejection(doc: unknown): FrameworkCatalogError {
  try {
    parseFrameworkCatalog(doc, 'test catalog');
  } catch (err) {
    expect(err).toBeInstanceOf(FrameworkCatalogError);
    return err as FrameworkCatalogError;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('framework catalog: schema and loading', () => {
  it('catalog.json validates against schemas/framework-catalog.schema.json (independent ajv)', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const ok = validate(rawCatalog());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('loads, validates semantically, caches and freezes', () => {
    const a = loadFrameworkCatalog();
    expect(loadFrameworkCatalog()).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.frameworks[0]?.controls[0]?.actions[0]?.artifacts)).toBe(true);
    expect(validateFrameworkCatalog(rawCatalog())).toMatchObject({ ok: true });
    expect(a.frameworks.map((f) => f.id)).toEqual(['soc2', 'iso27001-2022', 'nist-800-53r5', 'cis-v8', 'hipaa', 'pci-dss-4.0']);
  });

  it('finds the schema from src and from a dist build layout', () => {
    expect(findFrameworkCatalogSchemaPath()).toBe(schemaPath);
    expect(findFrameworkCatalogSchemaPath(`${root}dist/src/evidence/frameworks`)).toBe(schemaPath);
    expect(() => findFrameworkCatalogSchemaPath('/')).toThrow(/Cannot find schemas\/framework-catalog\.schema\.json/);
  });

  it('uses the identifiers and titles of the mapping reference', () => {
    const c = loadFrameworkCatalog();
    expect(control(c, 'soc2', 'CC6.1').title).toBe('Identifies and Manages the Inventory of Information Assets');
    expect(control(c, 'iso27001-2022', 'A.8.1').title).toBe('User endpoint devices');
    expect(control(c, 'nist-800-53r5', 'CM-8').title).toBe('System Component Inventory');
    expect(control(c, 'cis-v8', '4.5').title).toBe('Implement and Manage a Firewall on End-User Devices');
    expect(control(c, 'hipaa', '164.312(a)(2)(iv)').title).toBe('Encryption and decryption');
    expect(control(c, 'pci-dss-4.0', '12.5.1').actions.length).toBeGreaterThan(0);
  });
});

describe('framework catalog: rejects broken entries with a message naming the problem', () => {
  it('unknown artifact type', () => {
    const doc = rawCatalog();
    const mapping = doc.frameworks[0]!.controls[0]!.actions[0]!.artifacts[0]!;
    (mapping as { type: string }).type = 'screen-lock';
    const err = rejection(doc);
    expect(err.message).toMatch(/unknown artifact type/);
    expect(err.message).toContain('/frameworks/0/controls/0/actions/0/artifacts/0/type');
    expect(err.issues).toHaveLength(1);
  });

  it('duplicate action id within a framework', () => {
    const doc = rawCatalog();
    const cc61 = control(doc, 'soc2', 'CC6.1');
    cc61.actions[1]!.id = cc61.actions[0]!.id;
    const err = rejection(doc);
    expect(err.message).toContain(`duplicate action id "${cc61.actions[0]!.id}" in framework "soc2"`);
  });

  it('the same action id in two frameworks is fine', () => {
    const doc = rawCatalog();
    expect(control(doc, 'nist-800-53r5', 'CM-10').actions[0]!.id).toBe('CM-10.installed-software');
    expect(control(doc, 'nist-800-53r5', 'CM-11').actions[0]!.id).toBe('CM-11.installed-software');
    expect(validateFrameworkCatalog(doc).ok).toBe(true);
  });

  it('missing title', () => {
    const doc = rawCatalog();
    delete (control(doc, 'cis-v8', '4.5') as { title?: string }).title;
    const err = rejection(doc);
    expect(err.message).toMatch(/missing required property "title"/);
    expect(err.issues[0]!.path).toMatch(/^\/frameworks\/3\/controls\/\d+$/);
  });

  it('PCI DSS 3.5.1 mapped to disk-encryption', () => {
    const doc = rawCatalog();
    framework(doc, 'pci-dss-4.0').controls.push({
      id: '3.5.1',
      title: 'PAN is rendered unreadable anywhere it is stored',
      actions: [{ id: '3.5.1.filevault', description: 'FileVault status', artifacts: [{ type: 'disk-encryption', coverage: 'partial' }] }],
    });
    const err = rejection(doc);
    expect(err.message).toMatch(/PCI DSS 3\.5\.1 must not be mapped to disk-encryption/);
    // sub-requirements (3.5.1.x) are covered by the same rule
    const sub = rawCatalog();
    framework(sub, 'pci-dss-4.0').controls.push({
      id: '3.5.1.2',
      title: 'Disk-level encryption',
      actions: [{ id: '3.5.1.2.x', description: 'x', artifacts: [{ type: 'disk-encryption', coverage: 'partial' }] }],
    });
    expect(rejection(sub).message).toMatch(/PCI DSS 3\.5\.1\.2 must not be mapped to disk-encryption/);
  });

  it('lists every issue at once, with paths', () => {
    const doc = rawCatalog() as unknown as { frameworks: Record<string, unknown>[]; extra?: number };
    doc.extra = 1;
    doc.frameworks[1]!.id = 'soc2';
    delete doc.frameworks[2]!.version;
    const err = rejection(doc);
    expect(err.message).toContain('unknown property "extra"');
    expect(err.message).toContain('/frameworks/1/id: duplicate framework id "soc2"');
    expect(err.message).toContain('/frameworks/2: missing required property "version"');
    expect(err.issues.length).toBe(3);
  });

  it('other semantic rules: duplicate control, action id prefix, a type twice in one action', () => {
    const doc = rawCatalog();
    const nist = framework(doc, 'nist-800-53r5');
    nist.controls.push({
      ...structuredClone(nist.controls[0]!),
      actions: [{ id: 'AC-19.other', description: 'x', artifacts: [{ type: 'firewall', coverage: 'partial' }] }],
    });
    nist.controls[1]!.actions[0]!.id = 'AC-19.moved';
    const sc7 = control(doc, 'nist-800-53r5', 'SC-7');
    sc7.actions[0]!.artifacts.push({ type: 'firewall', coverage: 'full' });
    const err = rejection(doc);
    expect(err.message).toMatch(/duplicate control id "AC-19"/);
    expect(err.message).toMatch(/action id "AC-19.moved" must start with its control id "AC-19\(5\)\."/);
    expect(err.message).toMatch(/artifact type "firewall" is mapped twice in action "SC-7.host-firewall"/);
  });

  it('rejects a non-object', () => {
    expect(validateFrameworkCatalog(null).ok).toBe(false);
    expect(validateFrameworkCatalog({ catalogVersion: 2, frameworks: [] }).ok).toBe(false);
  });
});

describe('framework catalog: content rules', () => {
  const c = loadFrameworkCatalog();

  it('every artifact type except collection-run is mapped in at least 3 frameworks', () => {
    for (const type of ARTIFACT_TYPES) {
      const frameworks = new Set(controlActionsFor(type).map((r) => r.framework));
      if (type === 'collection-run') {
        expect(frameworks.size).toBeGreaterThan(0);
      } else {
        expect({ type, frameworks: frameworks.size >= 3 }).toEqual({ type, frameworks: true });
      }
    }
  });

  it('collection-run mappings are partial and explained', () => {
    for (const fw of c.frameworks)
      for (const ctl of fw.controls)
        for (const act of ctl.actions)
          for (const m of act.artifacts)
            if (m.type === 'collection-run') {
              expect(m.coverage).toBe('partial');
              expect(m.note).toBeTruthy();
            }
  });

  it('"full" coverage is used only where the action literally is the artifact', () => {
    const full = ARTIFACT_TYPES.flatMap((t) =>
      controlActionsFor(t)
        .filter((r) => r.coverage === 'full')
        .map((r) => `${r.framework} ${r.control} ${t}`),
    );
    expect(full.sort()).toEqual(['cis-v8 1.1 device-inventory', 'cis-v8 3.6 disk-encryption', 'cis-v8 4.5 firewall']);
  });

  it('disk-encryption: includes CIS 3.6 and HIPAA 164.312(a)(2)(iv), never PCI 3.5.1', () => {
    const refs = controlActionsFor('disk-encryption');
    expect(refs).toContainEqual({ framework: 'cis-v8', control: '3.6', action: '3.6.end-user-device-encryption', coverage: 'full' });
    expect(refs).toContainEqual({ framework: 'hipaa', control: '164.312(a)(2)(iv)', action: '164.312(a)(2)(iv).device-encryption', coverage: 'partial' });
    expect(refs.filter((r) => r.framework.startsWith('pci') && r.control.startsWith('3.5'))).toEqual([]);
    expect(refs.filter((r) => r.framework === 'pci-dss-4.0')).toEqual([]);
  });

  it('firewall evidences CIS 4.5 in full; device-inventory evidences CIS 1.1 in full', () => {
    expect(controlActionsFor('firewall')).toContainEqual({ framework: 'cis-v8', control: '4.5', action: '4.5.end-user-firewall', coverage: 'full' });
    expect(controlActionsFor('device-inventory')).toContainEqual({
      framework: 'cis-v8',
      control: '1.1',
      action: '1.1.end-user-device-inventory',
      coverage: 'full',
    });
  });

  it('controlActionsFor returns exactly the Artifact controls shape, sorted and stable', () => {
    for (const type of ARTIFACT_TYPES) {
      const refs = controlActionsFor(type);
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) {
        expect(Object.keys(r).sort()).toEqual(['action', 'control', 'coverage', 'framework']);
        expect(['full', 'partial']).toContain(r.coverage);
      }
      const sorted = [...refs].sort((a, b) => compareIds(a.framework, b.framework) || compareIds(a.control, b.control) || compareIds(a.action, b.action));
      expect(refs).toEqual(sorted);
      expect(controlActionsFor(type)).toEqual(refs);
      // independent of catalog order
      const reversed = structuredClone(rawCatalog());
      reversed.frameworks.reverse();
      for (const fw of reversed.frameworks) {
        fw.controls.reverse();
        for (const ctl of fw.controls) ctl.actions.reverse();
      }
      expect(controlActionsFor(type, reversed)).toEqual(refs);
    }
    const fwOrder = controlActionsFor('disk-encryption').map((r) => r.framework);
    expect([...new Set(fwOrder)]).toEqual(['cis-v8', 'hipaa', 'iso27001-2022', 'nist-800-53r5', 'soc2']);
  });

  it('natural id order', () => {
    const ids = ['CM-10', 'CM-8(1)', 'CM-8', 'CM-8(10)', 'CM-8(2)', 'A.8.15', 'A.8.9', 'CC6.10', 'CC6.2', '10.1', '2.1'];
    expect([...ids].sort(compareIds)).toEqual(['2.1', '10.1', 'A.8.9', 'A.8.15', 'CC6.2', 'CC6.10', 'CM-8', 'CM-8(1)', 'CM-8(2)', 'CM-8(10)', 'CM-10']);
    expect(compareIds('1.01', '1.1')).not.toBe(0);
  });

  it('rejects an unknown artifact type at runtime', () => {
    expect(() => controlActionsFor('screen-lock' as ArtifactType)).toThrow(/Unknown artifact type "screen-lock"/);
  });

  it('artifactTypesFor lists types per framework and control', () => {
    expect(artifactTypesFor('cis-v8', '4.5')).toEqual(['firewall']);
    expect(artifactTypesFor('hipaa', '164.312(a)(2)(iv)')).toEqual(['disk-encryption']);
    expect(artifactTypesFor('nist-800-53r5')).toEqual([...ARTIFACT_TYPES]);
    expect(artifactTypesFor('soc2')).toContain('collection-run');
    expect(() => artifactTypesFor('sox')).toThrow(/Unknown framework "sox"; known frameworks: soc2/);
    expect(() => artifactTypesFor('cis-v8', '99.9')).toThrow(/Unknown control "99.9" in framework "cis-v8"/);
  });

  it('every action has a description and ids are unique per framework', () => {
    for (const fw of c.frameworks) {
      const ids = fw.controls.flatMap((ctl) => ctl.actions.map((a) => a.id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const ctl of fw.controls) for (const a of ctl.actions) expect(a.description.length).toBeGreaterThan(20);
    }
  });
});
