import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../../main/hub/routes/parseByteRange';

describe('parseByteRange (the Range header of a file download)', () => {
  it('reads the forms a resuming client sends', () => {
    expect(parseByteRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=0-', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
    expect(parseByteRange('bytes=40-', 100)).toEqual({ kind: 'part', start: 40, end: 99 });
    expect(parseByteRange('bytes=10-19', 100)).toEqual({ kind: 'part', start: 10, end: 19 });
    expect(parseByteRange('bytes=90-500', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(parseByteRange('bytes=-30', 100)).toEqual({ kind: 'part', start: 70, end: 99 });
    expect(parseByteRange('bytes=-300', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
    expect(parseByteRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    // What is not served as one part gets the whole file.
    expect(parseByteRange('bytes=0-1,5-9', 100)).toEqual({ kind: 'whole' });
    expect(parseByteRange('items=0-9', 100)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=9-3', 100)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=-', 100)).toEqual({ kind: 'whole' });
    expect(parseByteRange('bytes=99999999999999999999-', 100)).toEqual({ kind: 'unsatisfiable' });
  });

  it('never answers a part outside the file, whatever the header', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(fc.option(fc.nat()), fc.option(fc.nat())).map(([a, b]) => `bytes=${a ?? ''}-${b ?? ''}`),
          fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 30n })).map(([a, b]) => ` BYTES = ${a} - ${b} `),
        ),
        fc.nat({ max: 10_000_000 }),
        (header, size) => {
          const range = parseByteRange(header, size);
          if (range.kind !== 'part') return;
          expect(Number.isInteger(range.start) && Number.isInteger(range.end)).toBe(true);
          expect(range.start).toBeGreaterThanOrEqual(0);
          expect(range.start).toBeLessThanOrEqual(range.end);
          expect(range.end).toBeLessThan(size);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives back exactly the asked bytes for any satisfiable start-end range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), fc.nat(), (size, a, b) => {
        const start = a % size;
        const end = start + (b % (size - start));
        expect(parseByteRange(`bytes=${start}-${end}`, size)).toEqual({ kind: 'part', start, end });
        expect(parseByteRange(`bytes=${start}-`, size)).toEqual({ kind: 'part', start, end: size - 1 });
      }),
    );
  });
});
