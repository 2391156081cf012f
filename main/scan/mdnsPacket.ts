/** The DNS record types mDNS service discovery uses (RFC 6762, RFC 6763). */
export const DNS_TYPE = { A: 1, PTR: 12, TXT: 16, AAAA: 28, SRV: 33 } as const;

export type MdnsRecord =
  | { type: 'PTR'; name: string; ttl: number; target: string }
  | { type: 'SRV'; name: string; ttl: number; priority: number; weight: number; port: number; target: string }
  | { type: 'TXT'; name: string; ttl: number; entries: Record<string, string> }
  | { type: 'A'; name: string; ttl: number; address: string }
  | { type: 'AAAA'; name: string; ttl: number; address: string };

export interface MdnsPacket {
  id: number;
  response: boolean;
  questions: Array<{ name: string; type: number }>;
  /** Answers and additional records together; authority records are skipped. */
  records: MdnsRecord[];
}

/** A one-shot mDNS query (RFC 6762 §5.1) for the PTR records of the given service types. */
export function encodeMdnsQuery(names: string[], id = 0): Uint8Array {
  const parts: number[] = [id >> 8, id & 0xff, 0, 0, 0, names.length, 0, 0, 0, 0, 0, 0];
  for (const name of names) {
    for (const label of name.split('.').filter(Boolean)) {
      const bytes = new TextEncoder().encode(label);
      if (bytes.length > 63) throw new RangeError(`label too long: ${label}`);
      parts.push(bytes.length, ...bytes);
    }
    // QU bit set: ask for unicast answers, which a one-shot querier on an ephemeral port needs.
    parts.push(0, 0, DNS_TYPE.PTR, 0x80, 0x01);
  }
  return Uint8Array.from(parts);
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public at = 0,
  ) {}

  need(count: number): void {
    if (this.at + count > this.bytes.length) throw new RangeError(`mDNS packet truncated at ${this.at}`);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }

  u16(): number {
    this.need(2);
    const value = (this.bytes[this.at]! << 8) | this.bytes[this.at + 1]!;
    this.at += 2;
    return value;
  }

  u32(): number {
    return this.u16() * 0x10000 + this.u16();
  }

  /** A possibly compressed name; pointer loops and overlong names are refused. */
  name(): string {
    const labels: string[] = [];
    let at = this.at;
    let jumped = false;
    let jumps = 0;
    let length = 0;
    for (;;) {
      if (at >= this.bytes.length) throw new RangeError('mDNS name runs past the packet');
      const size = this.bytes[at]!;
      if ((size & 0xc0) === 0xc0) {
        if (at + 1 >= this.bytes.length) throw new RangeError('mDNS name pointer truncated');
        const target = ((size & 0x3f) << 8) | this.bytes[at + 1]!;
        if (!jumped) this.at = at + 2;
        jumped = true;
        if ((jumps += 1) > 32) throw new RangeError('mDNS name pointer loop');
        at = target;
        continue;
      }
      if (size & 0xc0) throw new RangeError(`mDNS label type ${size >> 6} unsupported`);
      if (size === 0) {
        if (!jumped) this.at = at + 1;
        break;
      }
      if (at + 1 + size > this.bytes.length) throw new RangeError('mDNS label runs past the packet');
      labels.push(new TextDecoder().decode(this.bytes.subarray(at + 1, at + 1 + size)));
      length += size + 1;
      if (length > 255) throw new RangeError('mDNS name longer than 255 bytes');
      at += 1 + size;
    }
    return labels.join('.');
  }
}

function ipv6(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}

/**
 * Decodes an mDNS message. Records of other types are skipped; a malformed message throws a
 * RangeError, which discovery treats as noise from the network.
 */
export function decodeMdnsPacket(bytes: Uint8Array): MdnsPacket {
  const reader = new Reader(bytes);
  const id = reader.u16();
  const flags = reader.u16();
  const counts = [reader.u16(), reader.u16(), reader.u16(), reader.u16()] as const;
  const questions: MdnsPacket['questions'] = [];
  for (let i = 0; i < counts[0]; i += 1) {
    const name = reader.name();
    const type = reader.u16();
    reader.u16();
    questions.push({ name, type });
  }
  const records: MdnsRecord[] = [];
  const total = counts[1] + counts[2] + counts[3];
  for (let i = 0; i < total; i += 1) {
    const name = reader.name();
    const type = reader.u16();
    reader.u16();
    const ttl = reader.u32();
    const length = reader.u16();
    reader.need(length);
    const end = reader.at + length;
    const authority = i >= counts[1] && i < counts[1] + counts[2];
    const rdata = new Reader(bytes, reader.at);
    if (!authority) {
      if (type === DNS_TYPE.PTR) records.push({ type: 'PTR', name, ttl, target: rdata.name() });
      else if (type === DNS_TYPE.SRV) {
        const priority = rdata.u16();
        const weight = rdata.u16();
        const port = rdata.u16();
        records.push({ type: 'SRV', name, ttl, priority, weight, port, target: rdata.name() });
      } else if (type === DNS_TYPE.TXT) {
        const entries = Object.create(null) as Record<string, string>;
        while (rdata.at < end) {
          const size = rdata.u8();
          rdata.need(size);
          const text = new TextDecoder().decode(bytes.subarray(rdata.at, rdata.at + size));
          rdata.at += size;
          const eq = text.indexOf('=');
          const key = (eq < 0 ? text : text.slice(0, eq)).toLowerCase();
          if (key && !Object.hasOwn(entries, key)) entries[key] = eq < 0 ? '' : text.slice(eq + 1);
        }
        records.push({ type: 'TXT', name, ttl, entries });
      } else if (type === DNS_TYPE.A && length === 4) records.push({ type: 'A', name, ttl, address: [...bytes.subarray(end - 4, end)].join('.') });
      else if (type === DNS_TYPE.AAAA && length === 16) records.push({ type: 'AAAA', name, ttl, address: ipv6(bytes.subarray(end - 16, end)) });
      if (rdata.at > end) throw new RangeError(`mDNS record ${name} overruns its length`);
    }
    reader.at = end;
  }
  return { id, response: (flags & 0x8000) !== 0, questions, records };
}
