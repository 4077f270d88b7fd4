import { readdirSync, readFileSync } from 'node:fs';
import { schemasDir } from '../evidence/schemas-dir.js';

type Fields = Record<string, unknown>;

/**
 * The fields that say who a record's device is, for people (src/evidence/devices.ts `DeviceIdentity`): they follow
 * `deviceId` and describe it; they never identify a record (a device can be renamed).
 */
export const DEVICE_IDENTITY_FIELDS: readonly string[] = ['deviceName', 'serialNumber', 'assignedUser'];

/**
 * The fields that name the Iru device a record is about: its own id, or the device an Automated Device Enrollment
 * record became in Iru once enrolled (its `mdm_device`).
 */
export const DEVICE_LINK_FIELDS: readonly string[] = ['deviceId', 'mdmDeviceId'];

/** The Iru device a record is about, by the first of DEVICE_LINK_FIELDS it fills; null when it names none. */
export function linkedDeviceId(record: Record<string, unknown>): string | null {
  for (const field of DEVICE_LINK_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** A JSON Schema's field order: its properties in the order it names them, and how to order what each one holds. */
interface FieldOrder {
  names: string[];
  named: Set<string>;
  inner: Map<string, FieldOrder>;
  items?: FieldOrder;
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

let orders: Map<string, FieldOrder> | undefined;

function fieldOrder(schema: SchemaNode): FieldOrder | undefined {
  const items = schema.items && fieldOrder(schema.items);
  if (!schema.properties && !items) return undefined;
  const properties = Object.entries(schema.properties ?? {});
  const inner = new Map<string, FieldOrder>();
  for (const [name, property] of properties) {
    const order = fieldOrder(property);
    if (order) inner.set(name, order);
  }
  const names = properties.map(([name]) => name);
  return { names, named: new Set(names), inner, items };
}

/** The record schemas of schemas/artifacts/, by Artifact type, read once. */
function schemaOrders(): Map<string, FieldOrder> {
  if (orders) return orders;
  const dir = `${schemasDir()}/artifacts`;
  orders = new Map();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.schema.json')) continue;
    const order = fieldOrder(JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as SchemaNode);
    if (order) orders.set(name.replace('.schema.json', ''), order);
  }
  return orders;
}

function reorder(value: unknown, order: FieldOrder): unknown {
  if (Array.isArray(value)) return order.items ? value.map((item) => reorder(item, order.items!)) : value;
  if (value === null || typeof value !== 'object') return value;
  const fields = value as Fields;
  const entries: [string, unknown][] = [
    ...order.names.filter((name) => Object.hasOwn(fields, name)),
    ...Object.keys(fields).filter((name) => !order.named.has(name)),
  ].map((name) => {
    const inner = order.inner.get(name);
    return [name, inner ? reorder(fields[name], inner) : fields[name]];
  });
  // fromEntries defines each field as its own, whatever its name (a "__proto__" stays a field).
  return Object.fromEntries(entries);
}

/**
 * Puts a record's fields in the order its type's record schema names them (the subject first: deviceId, then
 * libraryItemId, ...), nested objects too. Stored records are canonical JSON, their fields sorted by name; tables,
 * CSV columns and record keys follow the schema instead. Fields the schema does not name follow, in stored order;
 * records of a type without a schema are returned as they are.
 */
export function schemaFieldOrder(type: string): (record: Fields) => Fields {
  const order = schemaOrders().get(type);
  return order ? (record) => reorder(record, order) as Fields : (record) => record;
}

/** The top-level fields a type's record schema names, in its order; undefined for a type without a schema. */
export function schemaFields(type: string): readonly string[] | undefined {
  return schemaOrders().get(type)?.names;
}

/** A type's records, each in schema field order, one at a time. */
export async function* inSchemaOrder(type: string, records: AsyncIterable<Fields>): AsyncIterable<Fields> {
  const order = schemaFieldOrder(type);
  for await (const record of records) yield order(record);
}
