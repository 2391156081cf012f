import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeWire, encodeWire } from '../host/wireCodec';

describe('test host wire codec', () => {
  it('round-trips byte arrays nested in any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 70_000 }), (json, bytes) => {
        const message = { json, nested: { bytes, list: [bytes.subarray(0, 3)] } };
        const decoded = decodeWire(encodeWire(message)) as typeof message;
        expect(decoded.nested.bytes).toEqual(bytes);
        expect(decoded.nested.list[0]).toEqual(bytes.subarray(0, 3));
        expect(decoded.json).toEqual(JSON.parse(JSON.stringify(json)));
      }),
      { numRuns: 60 },
    );
  });

  it('sends the bytes of a Node Buffer, of a subarray and of an ArrayBuffer, never their JSON form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 5_000 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = a % bytes.length;
        const end = start + (b % (bytes.length - start + 1));
        const buffer = Buffer.from(bytes);
        const message = { page: { data: buffer }, list: [buffer.subarray(start, end), bytes.subarray(start, end)], raw: bytes.slice().buffer };
        const decoded = decodeWire(encodeWire(message)) as { page: { data: unknown }; list: unknown[]; raw: unknown };
        expect(decoded.page.data).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(decoded.page.data as Uint8Array).equals(buffer)).toBe(true);
        expect(decoded.list[0]).toEqual(new Uint8Array(bytes.subarray(start, end)));
        expect(decoded.list[1]).toEqual(new Uint8Array(bytes.subarray(start, end)));
        expect(decoded.raw).toEqual(new Uint8Array(bytes));
      }),
      { numRuns: 80 },
    );
  });

  it('keeps the type of other typed arrays and the JSON of values that only look like bytes', () => {
    const floats = new Float32Array([1.5, -2, 3.25]);
    const decoded = decodeWire(encodeWire({ floats, words: new Uint16Array([1, 65535]).subarray(1), other: { $bytes: 1 } })) as Record<string, unknown>;
    expect(decoded.floats).toEqual(floats);
    expect(decoded.words).toEqual(new Uint16Array([65535]));
    expect(decoded.other).toEqual({ $bytes: 1 });
  });
});
