/**
 * Prism rows in API shape. Each category declares which devices own rows and how many (one per
 * Apple device, one per Mac, or several per device via a prefix index); pages are built owner by owner.
 * Prism covers Apple devices only: Windows and Android devices own no rows.
 */

import type { PrefixIndex } from './prefix-index.js';
import {
  app,
  commonColumns,
  deviceInformation,
  fileVault,
  firewall,
  gatekeeper,
  installedProfile,
  startupSettings,
  systemExtension,
  type ColumnContext,
} from './prism-columns.js';
import type { PrismCategory, SimDevice } from './types.js';

export interface PrismContext extends ColumnContext {
  macIndices: Int32Array;
  appleIndices: Int32Array;
  profiles: PrefixIndex;
  apps: PrefixIndex;
  systemExtensions: PrefixIndex;
  device(index: number): SimDevice;
}

type Row = Record<string, unknown>;
type RowBuilder = (device: SimDevice, row: number, context: PrismContext) => Row;

/** Who owns the rows of a category: every Apple device, every Mac, or a variable number per device. */
type Layout = { kind: 'apple' } | { kind: 'mac' } | { kind: 'multi'; index: (context: PrismContext) => PrefixIndex };

const LAYOUTS: Record<PrismCategory, { layout: Layout; build: RowBuilder }> = {
  device_information: { layout: { kind: 'apple' }, build: (device) => deviceInformation(device) },
  filevault: { layout: { kind: 'mac' }, build: (device) => fileVault(device) },
  application_firewall: { layout: { kind: 'mac' }, build: (device) => firewall(device) },
  gatekeeper_and_xprotect: { layout: { kind: 'mac' }, build: (device) => gatekeeper(device) },
  startup_settings: { layout: { kind: 'mac' }, build: (device) => startupSettings(device) },
  installed_profiles: { layout: { kind: 'multi', index: (c) => c.profiles }, build: (device, row, c) => installedProfile(device, row, c) },
  apps: { layout: { kind: 'multi', index: (c) => c.apps }, build: (device, row, c) => app(device, row, c) },
  system_extensions: { layout: { kind: 'multi', index: (c) => c.systemExtensions }, build: (device, row) => systemExtension(device, row) },
};

export function prismRowCount(context: PrismContext, category: PrismCategory): number {
  const { layout } = LAYOUTS[category];
  if (layout.kind === 'multi') return layout.index(context).total;
  return ownersOf(context, layout.kind).length;
}

export function prismRows(context: PrismContext, category: PrismCategory, offset: number, limit: number): Row[] {
  const { layout, build } = LAYOUTS[category];
  const withCommon = (device: SimDevice, row: number): Row => ({ ...commonColumns(device, context), ...build(device, row, context) });
  const rows: Row[] = [];
  const end = Math.min(prismRowCount(context, category), offset + Math.max(0, limit));
  if (layout.kind === 'multi') {
    layout.index(context).forEachRange(offset, end - offset, (owner, first, count) => {
      const device = context.device(owner);
      for (let row = first; row < first + count; row++) rows.push(withCommon(device, row));
    });
    return rows;
  }
  for (let position = offset; position < end; position++) {
    rows.push(withCommon(context.device(ownersOf(context, layout.kind)[position]!), 0));
  }
  return rows;
}

function ownersOf(context: PrismContext, kind: 'apple' | 'mac'): Int32Array {
  return kind === 'mac' ? context.macIndices : context.appleIndices;
}
