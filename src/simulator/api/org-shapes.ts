/** Blueprints, library-item status rows, tags, licensing and ADE records in API shape. */

import { isoZ, parseMicros } from '../fleet/time.js';
import type { Fleet, SimAdeDevice, SimAdeIntegration, SimBlueprint, SimLibraryItemDeviceStatus } from '../fleet/types.js';
import { deviceRef, itemById, libraryStatusFields, libraryStatusRowId } from './library-status-row.js';

type Doc = Record<string, unknown>;

export function blueprintDoc(blueprint: SimBlueprint): Doc {
  return {
    id: blueprint.id,
    name: blueprint.name,
    icon: blueprint.icon,
    color: blueprint.color,
    description: blueprint.description,
    params: {},
    computers_count: blueprint.deviceCount,
    enrollment_code: { code: blueprint.enrollmentCode.code, is_active: blueprint.enrollmentCode.isActive },
    type: blueprint.type,
  };
}

export function blueprintLibraryItems(fleet: Fleet, blueprint: SimBlueprint): Doc[] {
  return blueprint.libraryItemIds.map((id) => ({ id, name: itemById(fleet.libraryItems, id).name }));
}

export function libraryItemDeviceStatusDoc(fleet: Fleet, itemId: string, row: SimLibraryItemDeviceStatus): Doc {
  const device = fleet.device(row.deviceIndex);
  const item = itemById(fleet.libraryItems, itemId);
  const { status, reported_at, log, last_audit_run, last_audit_log, control_log, control_reported_at } = libraryStatusFields(row);
  return {
    id: libraryStatusRowId(row.deviceIndex, item.index),
    blueprint: { id: device.blueprintId, name: device.blueprintName },
    computer: deviceRef(device),
    status,
    reported_at,
    log,
    last_audit_run,
    last_audit_log,
    control_log,
    control_reported_at,
  };
}

export function licensingDoc(fleet: Fleet): Doc {
  const { counts, maxDevices } = fleet.licensing;
  return {
    counts: {
      computers_count: counts.computers,
      ios_count: counts.ios,
      ipados_count: counts.ipados,
      macos_count: counts.macos,
      tvos_count: counts.tvos,
    },
    limits: { plan_type: 'single_limit', max_devices: maxDevices, max_devices_per_platform: { macos: 0, ios_ipados: 0 } },
    tenantOverLicenseLimit: counts.computers > maxDevices,
  };
}

export function adeIntegrationDoc(fleet: Fleet, integration: SimAdeIntegration): Doc {
  const blueprint = fleet.blueprints.find((b) => b.id === integration.blueprintId)!;
  const tenant = fleet.spec.tenant;
  return {
    id: integration.id,
    blueprint: { id: blueprint.id, name: blueprint.name, icon: blueprint.icon, color: blueprint.color },
    access_token_expiry: integration.accessTokenExpiry,
    server_name: integration.serverName,
    server_uuid: integration.serverUuid,
    admin_id: integration.adminId,
    org_name: integration.orgName,
    org_email: `it@${tenant}.io`,
    org_phone: '+1 555 0100',
    org_address: '1 Infinite Loop, Cupertino, CA',
    org_type: 'org',
    stoken_file_name: `${integration.orgName}_Token_smime.p7m`,
    last_device_sync: integration.lastDeviceSync,
    defaults: { email: `it@${tenant}.io`, phone: '+1 555 0100' },
    days_left: integration.daysLeft,
    status: integration.status,
    status_reason: integration.status === 'BROKEN' ? 'The server token has expired or been revoked.' : null,
    status_received_at: integration.lastDeviceSync,
    device_counts: integration.deviceCounts,
  };
}

export function adeDeviceDoc(fleet: Fleet, ade: SimAdeDevice): Doc {
  const integration = fleet.adeIntegrations.find((i) => i.id === ade.integrationId)!;
  const device = ade.deviceIndex === null ? null : fleet.device(ade.deviceIndex);
  const assigned = parseMicros(ade.assignedAt);
  const pushed = ade.profileStatus === 'pushed' ? isoZ(assigned + 3_600_000_000) : null;
  return {
    blueprint_id: ade.blueprintId,
    mdm_device: device && {
      id: device.id,
      enrolled_at: isoZ(parseMicros(device.lastEnrollment)),
      name: device.name,
      enrollment_status: device.isRemoved ? 4 : 3,
      deferred_install: false,
      is_missing: device.isMissing,
      is_removed: device.isRemoved,
    },
    user_id: ade.userId,
    tags: device?.tags ?? [],
    dep_account: { id: integration.id, server_name: integration.serverName },
    override_dep_profile_id: null,
    asset_tag: ade.assetTag,
    color: 'SPACE GRAY',
    description: ade.model.toUpperCase(),
    device_assigned_by: integration.adminId,
    device_assigned_date: ade.assignedAt,
    device_family: ade.deviceFamily,
    model: ade.model,
    os: ade.os,
    profile_assign_time: ade.profileStatus === 'empty' ? null : isoZ(assigned + 60_000_000),
    profile_push_time: pushed,
    profile_status: ade.profileStatus,
    serial_number: ade.serialNumber,
    id: ade.id,
    last_assignment_status: ade.profileStatus === 'empty' ? '' : 'SUCCESS',
    failed_assignment_attempts: 0,
    assignment_status_received_at: ade.profileStatus === 'empty' ? null : isoZ(assigned + 61_000_000),
    use_blueprint_routing: false,
  };
}
