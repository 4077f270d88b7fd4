import { z } from 'zod';

/** Booleans that the API sends as real booleans in some places and as the strings "True"/"False" in others. */
export const iruBoolean = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false']).transform((s) => s.toLowerCase() === 'true')]);

/** A timestamp in any of the API's three styles, or "" / null when absent; kept as sent (normalised in src/evidence). */
export const iruTimestamp = z.string().nullable().optional();

export const nullableString = z.string().nullable().optional();
