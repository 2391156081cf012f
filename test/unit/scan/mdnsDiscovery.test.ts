import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { discoverEsclScanners, esclEndpointsFromRecords } from '../../../main/scan/discoverEsclScanners';
import { decodeMdnsPacket, encodeMdnsQuery } from '../../../main/scan/mdnsPacket';

/**
 * An mDNS answer as a network MFP sends it for _uscan._tcp and _uscans._tcp: two PTR answers, SRV
 * and TXT per instance, an A record and an NSEC for the host, with name compression throughout.
 * The bytes were written by an encoder separate from the decoder under test.
 */
const ANSWER = Buffer.from(
  '000084000000000200000006065f757363616e045f746370056c6f63616c00000c0001000011940019164f6666696365204d46502034313030205b304331435dc00c075f757363616e73c013000c0001000011940019164f6666696365204d46502034313030205b304331435dc042c02900218001000011940011000000000050084d46502d30433143c018c0290010800100001194009709747874766572733d311274793d4f6666696365204d465020343130300872733d2f6553434c29555549443d35363465343333332d346233322d333133322d333733382d3834613933653865306331631e70646c3d696d6167652f6a7065672c6170706c69636174696f6e2f7064661263733d636f6c6f722c677261797363616c651469733d706c6174656e2c6164662c6475706c6578c056002180010000119400080000000001bbc081c0560010800100001194002509747874766572733d311274793d4f6666696365204d465020343130300772733d6553434cc08100018001000000780004c0000207c081002f8001000000780008c081000440000008',
  'hex',
);

describe('mDNS packets', () => {
  it('decodes a compressed answer into PTR, SRV, TXT and A records, skipping others', () => {
    const packet = decodeMdnsPacket(ANSWER);
    expect(packet.response).toBe(true);
    expect(packet.records.map((r) => r.type)).toEqual(['PTR', 'PTR', 'SRV', 'TXT', 'SRV', 'TXT', 'A']);
    expect(packet.records[0]).toEqual({ type: 'PTR', name: '_uscan._tcp.local', ttl: 4500, target: 'Office MFP 4100 [0C1C]._uscan._tcp.local' });
    expect(packet.records[2]).toMatchObject({ type: 'SRV', port: 80, target: 'MFP-0C1C.local' });
    expect(packet.records[3]).toMatchObject({ type: 'TXT', entries: { ty: 'Office MFP 4100', rs: '/eSCL', is: 'platen,adf,duplex' } });
    expect(packet.records[6]).toMatchObject({ type: 'A', name: 'MFP-0C1C.local', address: '192.0.2.7' });
  });

  it('turns the records into eSCL endpoints, https for _uscans', () => {
    expect(esclEndpointsFromRecords(decodeMdnsPacket(ANSWER).records)).toEqual([
      { url: 'http://192.0.2.7:80/eSCL', name: 'Office MFP 4100' },
      { url: 'https://192.0.2.7:443/eSCL', name: 'Office MFP 4100' },
    ]);
  });

  it('asks for both eSCL service types, wanting unicast answers', () => {
    const query = decodeMdnsPacket(encodeMdnsQuery(['_uscan._tcp.local', '_uscans._tcp.local']));
    expect(query.response).toBe(false);
    expect(query.questions).toEqual([
      { name: '_uscan._tcp.local', type: 12 },
      { name: '_uscans._tcp.local', type: 12 },
    ]);
  });

  it('refuses pointer loops and truncation with a RangeError, and never anything else', () => {
    const loop = Buffer.from('000084000000000100000000c00c000c00010000000000', 'hex');
    expect(() => decodeMdnsPacket(loop)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.nat(ANSWER.length), fc.uint8Array({ maxLength: 6 }), fc.nat(8), (at, insert, cut) => {
        const damaged = Buffer.concat([ANSWER.subarray(0, at), insert, ANSWER.subarray(Math.min(ANSWER.length, at + cut))]);
        try {
          esclEndpointsFromRecords(decodeMdnsPacket(damaged).records);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeMdnsPacket(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('eSCL discovery over UDP', () => {
  it('sends the query and collects the unicast answer of a responder (on loopback)', async () => {
    const responder = dgram.createSocket('udp4');
    const questions: string[] = [];
    responder.on('message', (message, from) => {
      questions.push(...decodeMdnsPacket(new Uint8Array(message)).questions.map((q) => q.name));
      responder.send(Buffer.from('not dns'), from.port, from.address);
      responder.send(ANSWER, from.port, from.address);
    });
    await new Promise<void>((resolve) => responder.bind(0, '127.0.0.1', () => resolve()));
    try {
      const found = await discoverEsclScanners({ address: '127.0.0.1', port: responder.address().port, timeoutMs: 300 });
      expect(questions).toEqual(['_uscan._tcp.local', '_uscans._tcp.local']);
      expect(found.map((e) => e.url)).toEqual(['http://192.0.2.7:80/eSCL', 'https://192.0.2.7:443/eSCL']);
    } finally {
      responder.close();
    }
  });

  it('finds nothing, without an error, where nobody answers', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    try {
      expect(await discoverEsclScanners({ address: '127.0.0.1', port: silent.address().port, timeoutMs: 100 })).toEqual([]);
    } finally {
      silent.close();
    }
  });
});
