import dgram from 'node:dgram';
import { decodeMdnsPacket, encodeMdnsQuery, type MdnsRecord } from './mdnsPacket';
import type { EsclEndpoint } from './esclScanner';

export const ESCL_SERVICE_TYPES = { '_uscan._tcp.local': 'http', '_uscans._tcp.local': 'https' } as const;

export interface EsclDiscoveryOptions {
  /** How long to collect answers. */
  timeoutMs?: number;
  /** Where the query goes: the mDNS group by default; tests point it at a loopback responder. */
  address?: string;
  port?: number;
}

/**
 * The eSCL scanners announced in a set of mDNS records: each `_uscan._tcp` / `_uscans._tcp`
 * instance with its SRV (host, port), TXT (`rs` resource path, `ty` model name) and an address
 * record for the host. Instances without an address are left out: the desk cannot reach them.
 */
export function esclEndpointsFromRecords(records: MdnsRecord[]): EsclEndpoint[] {
  const out = new Map<string, EsclEndpoint>();
  const lower = (name: string) => name.toLowerCase();
  for (const ptr of records) {
    if (ptr.type !== 'PTR') continue;
    const scheme = (ESCL_SERVICE_TYPES as Record<string, string>)[lower(ptr.name)];
    if (!scheme) continue;
    const srv = records.find((r): r is Extract<MdnsRecord, { type: 'SRV' }> => r.type === 'SRV' && lower(r.name) === lower(ptr.target));
    if (!srv || srv.port === 0) continue;
    const txt = records.find((r): r is Extract<MdnsRecord, { type: 'TXT' }> => r.type === 'TXT' && lower(r.name) === lower(ptr.target));
    const v4 = records.find((r) => r.type === 'A' && lower(r.name) === lower(srv.target));
    const v6 = records.find((r) => r.type === 'AAAA' && lower(r.name) === lower(srv.target));
    const host = v4 && v4.type === 'A' ? v4.address : v6 && v6.type === 'AAAA' ? `[${v6.address}]` : undefined;
    if (!host) continue;
    const rs = (txt?.entries.rs ?? 'eSCL').replace(/^\/+|\/+$/g, '');
    const url = `${scheme}://${host}:${srv.port}${rs ? `/${rs}` : ''}`;
    const instance = ptr.target.slice(0, ptr.target.length - ptr.name.length - 1);
    const name = txt?.entries.ty || instance || url;
    if (!out.has(url)) out.set(url, { url, name });
  }
  return [...out.values()];
}

/**
 * Asks the local network once for eSCL scanners over mDNS and collects the answers for a short
 * while. Finding nothing (no network, multicast blocked) gives an empty list, never an error.
 */
export async function discoverEsclScanners(options: EsclDiscoveryOptions = {}): Promise<EsclEndpoint[]> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const records: MdnsRecord[] = [];
  socket.on('message', (message) => {
    try {
      const packet = decodeMdnsPacket(new Uint8Array(message));
      if (packet.response) records.push(...packet.records);
    } catch {
      // Not a packet we understand: noise on a shared port.
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => resolve());
    });
    socket.on('error', () => {});
    const query = encodeMdnsQuery(Object.keys(ESCL_SERVICE_TYPES));
    await new Promise<void>((resolve, reject) => socket.send(query, options.port ?? 5353, options.address ?? '224.0.0.251', (error) => (error ? reject(error) : resolve())));
    await new Promise((resolve) => setTimeout(resolve, options.timeoutMs ?? 1500));
  } catch {
    return [];
  } finally {
    socket.close();
  }
  return esclEndpointsFromRecords(records);
}
