import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addSequenceLease,
  deskPartition,
  emptyDossierCodeState,
  issueDossierCode,
  parseDossierCode,
  remainingDossierCodes,
  type DossierCodeConfig,
  type DossierCodeState,
} from '../../../preload/shared/domain/dossierCode';
import { fromVietnamClock } from '../../../preload/shared/domain/calendar/localDate';

const AGENCY = '000.00.16.H27';

describe('dossier code', () => {
  it('formats <agency>-<YYMMDD>-<NNNN> on the Vietnamese date', () => {
    const config: DossierCodeConfig = { agencyCode: AGENCY, deskSlot: 2, deskCount: 4 };
    // 23:30 UTC on 31/12/2025 is already 1/1/2026 in Vietnam.
    const { code, state } = issueDossierCode(emptyDossierCodeState(), config, new Date(Date.UTC(2025, 11, 31, 23, 30)));
    expect(code).toBe('000.00.16.H27-260101-4999');
    expect(parseDossierCode(code)).toEqual({ agencyCode: AGENCY, date: '2026-01-01', sequence: 4999 });
    expect(issueDossierCode(state, config, new Date(Date.UTC(2025, 11, 31, 23, 40))).code).toBe('000.00.16.H27-260101-5000');
  });

  it('refuses bad codes and configurations in Vietnamese', () => {
    expect(() => parseDossierCode('000.00.16.H27-250230-0001')).toThrow(/không hợp lệ/);
    expect(() => parseDossierCode('abc')).toThrow(/không đúng dạng/);
    expect(() => deskPartition({ agencyCode: AGENCY, deskSlot: 3, deskCount: 3 })).toThrow(/nằm ngoài/);
    expect(() => deskPartition({ agencyCode: 'mã sai', deskSlot: 0, deskCount: 1 })).toThrow(/Mã định danh/);
  });

  it('fails clearly when the partition is used up, and continues in a leased block', () => {
    const config: DossierCodeConfig = { agencyCode: AGENCY, deskSlot: 1, deskCount: 3, partitionLimit: 9 };
    const at = fromVietnamClock('2026-03-02', 9, 0);
    let state = emptyDossierCodeState();
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) ({ code: codes[i] = '', state } = issueDossierCode(state, config, at));
    expect(codes.map((code) => code.slice(-4))).toEqual(['0004', '0005', '0006']);
    expect(() => issueDossierCode(state, config, at)).toThrow(/đã dùng hết 3 số hồ sơ .* ngày 02\/03\/2026/);
    expect(() => addSequenceLease(state, config, { day: '260302', from: 5, to: 20 })).toThrow(/ngoài dải dự phòng/);
    state = addSequenceLease(state, config, { day: '260302', from: 100, to: 101 });
    expect(() => addSequenceLease(state, config, { day: '260302', from: 101, to: 110 })).toThrow(/trùng/);
    expect(remainingDossierCodes(state, config, at)).toBe(2);
    const next = issueDossierCode(state, config, at);
    expect(next.code).toBe('000.00.16.H27-260302-0100');
    // The next day starts afresh in the desk's own partition.
    expect(issueDossierCode(next.state, config, fromVietnamClock('2026-03-03', 8, 0)).code).toBe('000.00.16.H27-260303-0004');
  });

  it('never issues the same code twice across many offline desks, in any interleaving, with clocks going back', () => {
    const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.record({ desk: fc.nat(), day: fc.constantFrom(...days), minute: fc.integer({ min: 0, max: 1439 }) }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 40, max: 9999 }),
        (deskCount, steps, partitionLimit) => {
          const configs = Array.from({ length: deskCount }, (_, deskSlot): DossierCodeConfig => ({ agencyCode: AGENCY, deskSlot, deskCount, partitionLimit }));
          const states: DossierCodeState[] = configs.map(() => emptyDossierCodeState());
          const seen = new Set<string>();
          for (const step of steps) {
            const slot = step.desk % deskCount;
            const config = configs[slot]!;
            const instant = fromVietnamClock(step.day, Math.floor(step.minute / 60), step.minute % 60);
            try {
              const { code, state } = issueDossierCode(states[slot]!, config, instant);
              states[slot] = state;
              expect(seen.has(code)).toBe(false);
              seen.add(code);
              const parsed = parseDossierCode(code);
              expect(parsed.date).toBe(step.day);
              const partition = deskPartition(config);
              expect(parsed.sequence).toBeGreaterThanOrEqual(partition.from);
              expect(parsed.sequence).toBeLessThanOrEqual(partition.to);
            } catch (error) {
              // Only a used-up partition may refuse, and only when it really is used up.
              expect((error as { code?: string }).code).toBe('dossier-code-exhausted');
              expect(remainingDossierCodes(states[slot]!, config, instant)).toBe(0);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps issuing unique codes when desks run concurrently and persist asynchronously', async () => {
    // Each desk is an independent async loop that reads its stored state, issues, and writes back,
    // as a desk would against its own IndexedDB; the loops are interleaved by the scheduler.
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 30 }), async (scheduler, deskCount, perDesk) => {
        const stored = new Map<number, DossierCodeState>();
        const issued: string[] = [];
        const desks = Array.from({ length: deskCount }, async (_, deskSlot) => {
          const config: DossierCodeConfig = { agencyCode: AGENCY, deskSlot, deskCount };
          for (let i = 0; i < perDesk; i += 1) {
            const state = await scheduler.schedule(Promise.resolve(stored.get(deskSlot) ?? emptyDossierCodeState()));
            const result = issueDossierCode(state, config, fromVietnamClock('2026-03-02', 10, 0));
            await scheduler.schedule(Promise.resolve());
            stored.set(deskSlot, result.state);
            issued.push(result.code);
          }
        });
        await scheduler.waitFor(Promise.all(desks));
        expect(issued).toHaveLength(deskCount * perDesk);
        expect(new Set(issued).size).toBe(issued.length);
      }),
      { numRuns: 100 },
    );
  });
});
