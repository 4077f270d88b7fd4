/** Opaque cursors: base64 of a row position. Clients must treat them as opaque; the simulator checks them. */

export function encodeCursor(position: number): string {
  return Buffer.from(`o=${position}`, 'utf8').toString('base64');
}

/** The position, or undefined for anything this simulator did not issue. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^o=(\d{1,9})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
