import { isIP } from 'node:net';

/**
 * Whether a listen address reaches only this machine: `localhost`, 127.0.0.0/8 or ::1 (also IPv4-mapped, or in brackets).
 * Anything else, including 0.0.0.0, ::, a LAN address or a host name, is reachable from elsewhere.
 */
export function isLoopbackHost(host: string): boolean {
  const address = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (address === 'localhost' || address.endsWith('.localhost')) return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  if (isIP(address) === 6) return address === '::1' || address === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(address);
  return false;
}
