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
});
