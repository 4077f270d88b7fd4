/**
 * Every threshold and fixed criterion an Artifact applies, in one place. Artifacts record the ones they applied in
 * `summary.thresholds`, so an auditor sees the bar beside the result (thresholds differ between frameworks and tools).
 */
import type { Threshold } from './types/artifact.generated.js';

/** device-trust: a device must have checked in within this many days. */
export const DEVICE_TRUST_MAX_CHECKIN_AGE_DAYS = 7;

/**
 * Posture signals (FileVault, firewall, Gatekeeper/SIP, OS version) reported longer ago than this are `stale`:
 * they describe the device as it was, not as it is.
 */
export const POSTURE_SIGNAL_MAX_AGE_DAYS = 30;

/** os-currency: the oldest OS version accepted, per Iru platform. Platforms without an entry are not applicable. */
export const MINIMUM_OS_VERSIONS: Readonly<Record<string, string>> = {
  Mac: '14.0',
  iPhone: '17.0',
  iPad: '17.0',
  AppleTV: '17.0',
};

/** Platforms on which the Iru agent runs; elsewhere "agent installed" is not a criterion. */
export const AGENT_PLATFORMS: ReadonlySet<string> = new Set(['Mac', 'Windows']);

/** The payload identifier of Iru's MDM enrollment profile. */
export const MDM_PROFILE_IDENTIFIER = 'com.kandji.profile.mdmprofile';

/** ade-enrollment: an ADE server token expiring within this many days is counted as expiring soon. */
export const ADE_TOKEN_EXPIRY_WARNING_DAYS = 30;

export const days = (name: string, value: number): Threshold => ({ name, value, unit: 'days' });

export const postureSignalThreshold = (): Threshold => days('postureSignalMaxAgeDays', POSTURE_SIGNAL_MAX_AGE_DAYS);
