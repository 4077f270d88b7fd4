/**
 * One path segment that is safe in any archive or file system: letters, digits, dot, dash and underscore only,
 * never empty, never "." or "..", at most 100 characters. Anything else becomes "_".
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
  return cleaned === '' ? '_' : cleaned;
}
