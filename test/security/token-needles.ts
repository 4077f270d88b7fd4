// The token in every common encoding a leak could take, for tests that look for it in what the product wrote.

/** The encodings looked for: as is, upper case, without dashes, base64(url), UTF-16, and its head and tail alone. */
export function tokenNeedles(token: string): [string, Buffer][] {
  return [
    ['the token', Buffer.from(token)],
    ['the token in upper case', Buffer.from(token.toUpperCase())],
    ['the token without dashes', Buffer.from(token.replaceAll('-', ''))],
    ['the token in base64', Buffer.from(Buffer.from(token).toString('base64').replace(/=+$/, ''))],
    ['the token in base64url', Buffer.from(Buffer.from(token).toString('base64url'))],
    ['the token in UTF-16', Buffer.from(token, 'utf16le')],
    ['the head of the token', Buffer.from(token.slice(0, 13))],
    ['the tail of the token', Buffer.from(token.slice(-12))],
  ];
}

/** The labels of the needles found in `data`. */
export function needlesIn(needles: readonly [string, Buffer][], data: string | Buffer): string[] {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return needles.filter(([, needle]) => bytes.includes(needle)).map(([label]) => label);
}
