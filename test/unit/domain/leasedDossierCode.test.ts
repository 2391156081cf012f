import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../preload/shared/domain/DomainError';
import { parseDossierCode } from '../../../preload/shared/domain/dossierCode';
import {
  addCodeBlocks,
  CODE_BLOCK_SIZE,
  codeBlocksWanted,
  enrolledCodeState,
  issueLeasedDossierCode,
  LEASE_CEILING,
  leasedNumbersLeft,
  MAX_RESERVE_SLOT,
  RESERVE_PER_SLOT,
  reserveOfSlot,
  type CodeBlock,
  type LeasedCodeState,
} from '../../../preload/shared/domain/leasedDossierCode';

const AGENCY = '000.00.16.H27';
// 2026-12-03 09:00 in Hà Nội.
const MORNING = new Date('2026-12-03T09:00:00+07:00');
const DAY = '261203';

describe('dossier codes from blocks leased by the office hub', () => {
  it('issues from the lowest unused leased number, then from the slot reserve with a notice, then refuses', () => {
    let state = addCodeBlocks(enrolledCodeState('desk-a', 3), [
      { prefix: AGENCY, day: DAY, from: 101, to: 150 },
      { prefix: AGENCY, day: DAY, from: 1, to: 50 },
    ]);
    const codes: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const issued = issueLeasedDossierCode(state, AGENCY, MORNING);
      expect(issued.fromReserve).toBe(false);
      codes.push(issued.code);
      state = issued.state;
    }
    expect(codes[0]).toBe(`${AGENCY}-${DAY}-0001`);
    expect(codes[50]).toBe(`${AGENCY}-${DAY}-0101`);
    const reserve = reserveOfSlot(3)!;
    expect(reserve).toEqual({ from: 8041, to: 8060 });
    for (let i = 0; i < RESERVE_PER_SLOT; i += 1) {
      const issued = issueLeasedDossierCode(state, AGENCY, MORNING);
      expect(issued).toMatchObject({ fromReserve: true, reserveLeft: RESERVE_PER_SLOT - i - 1, code: `${AGENCY}-${DAY}-${reserve.from + i}` });
      state = issued.state;
    }
    expect(() => issueLeasedDossierCode(state, AGENCY, MORNING)).toThrow(/Bàn đã dùng hết số hồ sơ cho ngày 03\/12\/2026/);
    // A block arriving later is used, and the reserve is not touched again.
    state = addCodeBlocks(state, [{ prefix: AGENCY, day: DAY, from: 201, to: 250 }]);
    expect(issueLeasedDossierCode(state, AGENCY, MORNING).code).toBe(`${AGENCY}-${DAY}-0201`);
  });

  it('has no reserve beyond the last slot it fits, and leases ahead below the low-water mark for today and two more days', () => {
    expect(reserveOfSlot(MAX_RESERVE_SLOT)).toEqual({ from: 9961, to: 9980 });
    expect(reserveOfSlot(MAX_RESERVE_SLOT + 1)).toBeUndefined();
    const empty = enrolledCodeState('desk-b', 1);
    expect(codeBlocksWanted(empty, AGENCY, MORNING)).toEqual([
      { day: '261203', count: 2 },
      { day: '261204', count: 2 },
      { day: '261205', count: 2 },
    ]);
    let state = addCodeBlocks(empty, [
      { prefix: AGENCY, day: DAY, from: 1, to: 50 },
      { prefix: AGENCY, day: DAY, from: 51, to: 100 },
    ]);
    for (let i = 0; i < 25; i += 1) state = issueLeasedDossierCode(state, AGENCY, MORNING).state;
    expect(leasedNumbersLeft(state, AGENCY, DAY)).toBe(75);
    expect(codeBlocksWanted(state, AGENCY, MORNING)[0]).toEqual({ day: '261204', count: 2 });
    state = issueLeasedDossierCode(state, AGENCY, MORNING).state;
    expect(codeBlocksWanted(state, AGENCY, MORNING)[0]).toEqual({ day: DAY, count: 1 });
  });

  it('refuses a hub reply outside 0001–8000, reversed, or overlapping a block it holds, and never crashes on any reply', () => {
    const state = addCodeBlocks(enrolledCodeState('desk-c', 2), [{ prefix: AGENCY, day: DAY, from: 51, to: 100 }]);
    expect(() => addCodeBlocks(state, [{ prefix: AGENCY, day: DAY, from: 8001, to: 8050 }])).toThrow(DomainError);
    expect(() => addCodeBlocks(state, [{ prefix: AGENCY, day: DAY, from: 60, to: 59 }])).toThrow(DomainError);
    expect(() => addCodeBlocks(state, [{ prefix: AGENCY, day: DAY, from: 100, to: 149 }])).toThrow(/trùng với dải đã được cấp/);
    expect(() => addCodeBlocks(state, [{ prefix: AGENCY, day: DAY, from: 1, to: 50 }, { prefix: AGENCY, day: DAY, from: 50, to: 99 }])).toThrow(/trùng/);
    fc.assert(
      fc.property(fc.array(fc.record({ prefix: fc.oneof(fc.constant(AGENCY), fc.string()), day: fc.oneof(fc.constant(DAY), fc.string()), from: fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.double()), to: fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.double()) }), { maxLength: 5 }), (reply) => {
        try {
          const next = addCodeBlocks(state, reply as CodeBlock[]);
          for (const block of next.blocks) expect(block.from >= 1 && block.to <= LEASE_CEILING && block.from <= block.to).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
    );
  });

  it('never issues a code twice across desks, whatever the order of leases and seals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 400 }), (steps) => {
        // The hub's allocator: blocks in order from 0001 up to the ceiling.
        let next = 1;
        const desks: LeasedCodeState[] = [0, 1, 2, 3].map((i) => enrolledCodeState(`desk-${i}`, i + 1));
        const issued: string[] = [];
        for (const [desk, lease] of steps) {
          if (lease && next + CODE_BLOCK_SIZE - 1 <= LEASE_CEILING) {
            desks[desk] = addCodeBlocks(desks[desk]!, [{ prefix: AGENCY, day: DAY, from: next, to: next + CODE_BLOCK_SIZE - 1 }]);
            next += CODE_BLOCK_SIZE;
            continue;
          }
          try {
            const one = issueLeasedDossierCode(desks[desk]!, AGENCY, MORNING);
            desks[desk] = one.state;
            issued.push(one.code);
          } catch (error) {
            expect((error as DomainError).code).toBe('dossier-code-exhausted');
          }
        }
        expect(new Set(issued).size).toBe(issued.length);
        for (const code of issued) expect(parseDossierCode(code).sequence).toBeLessThanOrEqual(9980);
      }),
    );
  });
});
