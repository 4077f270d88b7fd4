/**
 * The `/devices` list as served: the fleet's devices in the requested order, and optionally devices that enroll and
 * leave while the list is being read (churn). After each served `/devices` page, `leavePerPage` devices of the fleet,
 * drawn uniformly (so spread over the id space, before and after any reader's position), leave the list and
 * `enrollPerPage` new devices (`fleet.enrollingDevice(k)`, random ids, newest enrolments) join it, until `maxEvents`
 * enrolments plus departures have happened. Deterministic from the seed and the number of pages served.
 * Only `/devices` sees churn: other endpoints still show departed devices and know nothing of enrolled ones.
 */

import { deviceListItem } from '../api/device-list-item.js';
import { Rng } from '../random/prng.js';
import { parseMicros } from '../fleet/time.js';
import type { Fleet, SimDevice } from '../fleet/types.js';
import type { RowSet } from '../http/route-types.js';
import { compareStrings, fieldValue, orderingKey, parseOrdering, type OrderingField, type OrderingTerm } from './device-ordering.js';

export interface DeviceChurnOptions {
  /** Devices that enroll after each served `/devices` page. */
  enrollPerPage: number;
  /** Fleet devices that leave the list after each served `/devices` page. */
  leavePerPage: number;
  /** Enrolments plus departures after which the list stops changing (at most 100,000). */
  maxEvents: number;
}

/** What a test needs to judge a collection made under churn. */
export interface DeviceChurnRecord {
  /** Ids of the fleet's devices that never left the list (enrolled devices excluded), in fleet order. */
  presentThroughout(): string[];
  /** Ids of the devices that enrolled during the reads, in enrolment order. */
  enrolled(): string[];
  /** Ids of the fleet's devices that left, in departure order. */
  left(): string[];
  /** The enrolled devices, in enrolment order (`fleet.enrollingDevice(k)`). */
  enrolledDevices(): SimDevice[];
}

const MAX_CHURN_EVENTS = 100_000;

/** The `filevault_enabled` filter (a boolean filter: "true" or "false", any case); any other value filters nothing. */
function fileVaultFilter(raw: string | null): boolean | undefined {
  const value = raw?.toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Members are fleet indices (below deviceCount) and enrolled devices (deviceCount + k). */
export class DeviceList implements DeviceChurnRecord {
  private readonly departed: number[] = [];
  private readonly departedSet = new Set<number>();
  private enrolledCount = 0;
  private events = 0;
  private pagesServed = 0;
  private readonly columns = new Map<OrderingField, string[]>();
  private readonly enrolmentMicros: number[] = [];
  private readonly fileVault: (boolean | null)[] = [];
  private readonly filtered = new WeakMap<Int32Array, Map<boolean, Int32Array>>();
  private readonly sorted = new Map<string, { enrolled: number; order: Int32Array }>();
  private present: { key: string; events: number; order: Int32Array } | undefined;

  constructor(
    private readonly fleet: Fleet,
    private readonly churn?: DeviceChurnOptions,
  ) {
    if (churn) {
      for (const [name, value] of Object.entries(churn)) {
        if (!Number.isInteger(value) || value < 0 || value > MAX_CHURN_EVENTS) {
          throw new RangeError(`deviceChurn.${name} must be an integer in 0..${MAX_CHURN_EVENTS}, got ${value}`);
        }
      }
    }
  }

  /** The list in `ordering`; with `filevault_enabled` ("true" or "false", as DRF reads it), only the Macs in that FileVault state. */
  rowSet(ordering: string | null, filevaultEnabled: string | null = null): RowSet {
    const wanted = fileVaultFilter(filevaultEnabled);
    const present = this.presentOrder(parseOrdering(ordering));
    const order = wanted === undefined ? present : this.withFileVault(present, wanted);
    return {
      total: order.length,
      rows: (offset, limit) => Array.from(order.subarray(offset, offset + limit), (member) => deviceListItem(this.fleet, this.device(member))),
    };
  }

  /** One churn step, after a served page. */
  afterPage(): void {
    if (!this.churn) return;
    this.pagesServed++;
    const rng = new Rng(this.fleet.spec.seed, 'device-churn', this.pagesServed);
    const base = this.fleet.deviceCount;
    const leaving = Math.min(this.churn.leavePerPage, this.churn.maxEvents - this.events, base - this.departed.length);
    for (let i = 0; i < leaving; i++) {
      let member = rng.int(0, base - 1);
      while (this.departedSet.has(member)) member = (member + 1) % base;
      this.departed.push(member);
      this.departedSet.add(member);
    }
    const enrolling = Math.min(this.churn.enrollPerPage, this.churn.maxEvents - this.events - leaving);
    this.enrolledCount += enrolling;
    this.events += leaving + enrolling;
  }

  presentThroughout(): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this.fleet.deviceCount; i++) if (!this.departedSet.has(i)) ids.push(this.fleet.deviceId(i));
    return ids;
  }

  enrolled(): string[] {
    return this.enrolledDevices().map((device) => device.id);
  }

  left(): string[] {
    return this.departed.map((i) => this.fleet.deviceId(i));
  }

  enrolledDevices(): SimDevice[] {
    return Array.from({ length: this.enrolledCount }, (_, k) => this.fleet.enrollingDevice(k));
  }

  /** The members of an order in one FileVault state, kept while that order is current. */
  private withFileVault(order: Int32Array, wanted: boolean): Int32Array {
    const cached = this.filtered.get(order) ?? new Map<boolean, Int32Array>();
    this.filtered.set(order, cached);
    const members = cached.get(wanted) ?? order.filter((member) => this.fileVaultState(member) === wanted);
    cached.set(wanted, members);
    return members;
  }

  /** A member's FileVault state (null off the Mac), from the model, filled on first use. */
  private fileVaultState(member: number): boolean | null {
    for (let m = this.fileVault.length; m <= member; m++) this.fileVault.push(this.device(m).filevault?.enabled ?? null);
    return this.fileVault[member]!;
  }

  private device(member: number): SimDevice {
    const base = this.fleet.deviceCount;
    return member < base ? this.fleet.device(member) : this.fleet.enrollingDevice(member - base);
  }

  private presentOrder(terms: readonly OrderingTerm[]): Int32Array {
    const key = orderingKey(terms);
    const sorted = this.sortedMembers(terms, key);
    if (this.departed.length === 0) return sorted;
    if (this.present?.key !== key || this.present.events !== this.events) {
      this.present = { key, events: this.events, order: sorted.filter((member) => !this.departedSet.has(member)) };
    }
    return this.present.order;
  }

  /** Every member (departed included) in order, re-sorted only when devices enrolled since the last sort. */
  private sortedMembers(terms: readonly OrderingTerm[], key: string): Int32Array {
    const cached = this.sorted.get(key);
    if (cached?.enrolled === this.enrolledCount) return cached.order;
    const order = Int32Array.from({ length: this.fleet.deviceCount + this.enrolledCount }, (_, i) => i);
    order.sort(this.comparator(terms));
    this.sorted.set(key, { enrolled: this.enrolledCount, order });
    return order;
  }

  private comparator(terms: readonly OrderingTerm[]): (a: number, b: number) => number {
    const ids = this.column('device_id');
    if (terms.length === 0) {
      const enrolment = this.enrolment();
      return (a, b) => enrolment[b]! - enrolment[a]! || compareStrings(ids[a]!, ids[b]!);
    }
    const columns = terms.map((term) => this.column(term.field));
    return (a, b) => {
      for (let t = 0; t < terms.length; t++) {
        const result = compareStrings(columns[t]![a]!, columns[t]![b]!);
        if (result !== 0) return terms[t]!.descending ? -result : result;
      }
      return compareStrings(ids[a]!, ids[b]!);
    };
  }

  /** A field's value for every member, filled on first use (ids and enrolment times without generating devices). */
  private column(field: OrderingField): string[] {
    const values = this.columns.get(field) ?? [];
    this.columns.set(field, values);
    const base = this.fleet.deviceCount;
    for (let member = values.length; member < base + this.enrolledCount; member++) {
      values.push(field === 'device_id' && member < base ? this.fleet.deviceId(member) : fieldValue(field, this.device(member)));
    }
    return values;
  }

  private enrolment(): number[] {
    const values = this.enrolmentMicros;
    const base = this.fleet.deviceCount;
    for (let member = values.length; member < base + this.enrolledCount; member++) {
      values.push(member < base ? this.fleet.lastEnrollmentMicros(member) : parseMicros(this.device(member).lastEnrollment));
    }
    return values;
  }
}
