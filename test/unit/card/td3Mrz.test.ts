/**
 * Passports (TD3, ICAO 9303 Part 4) and the other layouts: the ICAO specimen passport parsed
 * field by field, layouts told apart, BAC keys from a passport MRZ, and DG1 of outside bytes
 * giving a parsed MRZ or a typed error for anything (fast-check).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mrzFormatOf, mrzKeyFromText, parseTd1, parseTd3 } from '../../../preload/shared/card/mrz';
import { parseDg1 } from '../../../main/card/parseDg1';
import { CardDataError } from '../../../main/card/cardDataError';
import { UnsupportedDocumentError } from '../../../main/card/unsupportedDocumentError';
import { keysFromSource } from '../../../main/card/createCardService';
import { encodeTlv } from '../../../main/card/tlv';
import { buildDg1, syntheticTraveller, td1Mrz, td3Mrz, type Traveller } from '../../support/card/syntheticCitizen';

/** The specimen passport of ICAO 9303 Part 4, Appendix A (Utopia, Anna Maria Eriksson). */
const SPECIMEN = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
/** A TD2 MRZ (2 × 36) with sound check digits, shaped like the Part 6 specimen. */
const TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';

describe('TD3 MRZ', () => {
  it('parses the ICAO specimen passport with all five check digits', () => {
    expect(parseTd3(SPECIMEN)).toEqual({
      documentCode: 'P',
      issuingState: 'UTO',
      documentNumber: 'L898902C3',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      nationality: 'UTO',
      personalNumber: 'ZE184226B',
      primaryIdentifier: 'ERIKSSON',
      secondaryIdentifier: 'ANNA MARIA',
      badCheckDigits: [],
    });
    expect(parseTd3(SPECIMEN.replace('\n', ''))?.documentNumber).toBe('L898902C3');
    expect(parseTd3(SPECIMEN.toLowerCase())?.badCheckDigits).toEqual([]);
  });

  it('names each wrong check digit', () => {
    const line2 = SPECIMEN.split('\n')[1]!;
    const wrongAt = (at: number) => parseTd3(`${SPECIMEN.split('\n')[0]}\n${line2.slice(0, at)}${(Number(line2[at]) + 1) % 10}${line2.slice(at + 1)}`)?.badCheckDigits;
    // The composite covers the other check digits, so it breaks along with any of them.
    expect(wrongAt(9)).toEqual(['documentNumber', 'composite']);
    expect(wrongAt(19)).toEqual(['birthDate', 'composite']);
    expect(wrongAt(27)).toEqual(['expiryDate', 'composite']);
    expect(wrongAt(42)).toEqual(['personalNumber', 'composite']);
    expect(wrongAt(43)).toEqual(['composite']);
  });

  it('accepts "<" as the check digit of an empty personal number, and builds the synthetic passport soundly', () => {
    const mrz = td3Mrz();
    expect(mrz.split('\n').map((line) => line.length)).toEqual([44, 44]);
    expect(mrz.split('\n')[1]![42]).toBe('<');
    expect(parseTd3(mrz)).toMatchObject({ documentNumber: 'CZ6311T4', issuingState: 'D', nationality: 'D', primaryIdentifier: 'MUELLER', secondaryIdentifier: 'ANNA MARIA', personalNumber: '', badCheckDigits: [] });
  });

  it('tells TD1, TD2 and TD3 apart by shape and refuses to read one as another', () => {
    expect(mrzFormatOf(td1Mrz())).toBe('TD1');
    expect(mrzFormatOf(TD2)).toBe('TD2');
    expect(mrzFormatOf(SPECIMEN)).toBe('TD3');
    expect(mrzFormatOf(TD2.replace('\n', ''))).toBe('TD2');
    expect(mrzFormatOf('P<UTO')).toBeUndefined();
    expect(parseTd1(SPECIMEN)).toBeUndefined();
    expect(parseTd3(td1Mrz())).toBeUndefined();
    expect(parseTd3(TD2)).toBeUndefined();
  });

  it('gives the BAC key of a passport MRZ, and names the field a misread character broke', () => {
    expect(mrzKeyFromText(SPECIMEN)).toEqual({ ok: true, value: { documentNumber: 'L898902C3', birthDate: '740812', expiryDate: '120415' } });
    expect(keysFromSource({ kind: 'mrz', text: td3Mrz() })).toEqual([{ documentNumber: 'CZ6311T4', birthDate: '850214', expiryDate: '330901' }]);
    expect(mrzKeyFromText(SPECIMEN.replace('7408122F', '7408132F'))).toEqual({ ok: false, bad: ['birthDate'] });
    // A misread personal number does not stop the chip from opening: BAC does not use it.
    expect(mrzKeyFromText(SPECIMEN.replace('ZE184226B', 'ZE184226C')).ok).toBe(true);
  });

  it('round-trips any well-formed passport: build the MRZ, parse it, every field and check digit back', () => {
    const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z0-9]{${min},${max}}$`));
    const letters = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z]{${min},${max}}$`));
    const yymmdd = fc.date({ min: new Date('1930-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replaceAll('-', ''));
    fc.assert(
      fc.property(alnum(1, 9), letters(1, 3), letters(1, 12), letters(1, 10), yymmdd, yymmdd, fc.constantFrom('M', 'F'), fc.option(alnum(1, 14), { nil: '' }), (number, state, primary, secondary, birth, expiry, sex, personal) => {
        const traveller = { ...syntheticTraveller, documentNumber: number, issuingState: state, nationality: state, primaryIdentifier: primary, secondaryIdentifier: secondary, birthYymmdd: birth, expiryYymmdd: expiry, sex, personalNumber: personal } as unknown as Traveller;
        const parsed = parseDg1(buildDg1(td3Mrz(traveller)));
        expect(parsed).toMatchObject({ format: 'TD3', documentNumber: number, issuingState: state, primaryIdentifier: primary, secondaryIdentifier: secondary, birthDate: birth, expiryDate: expiry, sex, personalNumber: personal, badCheckDigits: [] });
      }),
      { numRuns: 300 },
    );
  });
});

/** Runs parseDg1 and lets through only a parse or the two errors a bad chip may cause. */
function parsedOrTyped(bytes: Uint8Array): 'parsed' | 'bad-data' | 'unsupported' {
  try {
    parseDg1(bytes);
    return 'parsed';
  } catch (error) {
    if (error instanceof UnsupportedDocumentError) return 'unsupported';
    if (error instanceof CardDataError) return 'bad-data';
    throw error;
  }
}

const dg1Of = (text: string) => encodeTlv(0x61, encodeTlv(0x5f1f, new TextEncoder().encode(text)));

describe('DG1 of outside bytes', () => {
  it('reads a TD3 passport and a TD1 card, and says plainly that a TD2 document is not supported', () => {
    expect(parseDg1(buildDg1(SPECIMEN))).toMatchObject({ format: 'TD3', documentNumber: 'L898902C3' });
    expect(parseDg1(buildDg1(td1Mrz()))).toMatchObject({ format: 'TD1', documentNumber: '090012345' });
    let refusal: unknown;
    try {
      parseDg1(buildDg1(TD2));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UnsupportedDocumentError);
    expect((refusal as UnsupportedDocumentError).code).toBe('card-unsupported-document');
    expect((refusal as UnsupportedDocumentError).userMessage).toMatch(/TD2.*chưa|chưa.*TD2|mới đọc được/u);
    expect(parsedOrTyped(dg1Of('P<UTO'))).toBe('bad-data');
    expect(parsedOrTyped(buildDg1(SPECIMEN.replace('L898902C36', 'L898902C37')))).toBe('bad-data');
  });

  it('any bytes: parsed, bad data or unsupported, never a crash', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void parsedOrTyped(bytes)), { numRuns: 2000 });
  });

  it('any MRZ-alphabet text of every layout length inside a well-formed DG1: parsed or typed error', () => {
    const alphabet = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<<<<<<'];
    const mrzText = fc.constantFrom(72, 88, 90, 87, 91).chain((length) => fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((chars) => chars.join('')));
    const anyText = fc.string({ maxLength: 120, unit: 'binary' });
    fc.assert(
      fc.property(fc.oneof(mrzText, anyText), (text) => {
        const outcome = parsedOrTyped(dg1Of(text));
        const format = mrzFormatOf(text);
        if (format === 'TD2') expect(outcome).toBe('unsupported');
        if (outcome === 'parsed') expect(format === 'TD1' || format === 'TD3').toBe(true);
        parseTd1(text);
        parseTd3(text);
        mrzKeyFromText(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated passport DG1: every outcome is typed, and what still parses opens the chip with the same key as typed', () => {
    const genuine = buildDg1(SPECIMEN);
    let parsedCount = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat({ max: genuine.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }), (changes) => {
        const copy = Uint8Array.from(genuine);
        for (const { at, value } of changes) copy[at] = value;
        if (parsedOrTyped(copy) !== 'parsed') return;
        parsedCount += 1;
        const parsed = parseDg1(copy);
        expect(mrzKeyFromText(parsed.text)).toEqual({ ok: true, value: { documentNumber: parsed.documentNumber, birthDate: parsed.birthDate, expiryDate: parsed.expiryDate } });
      }),
      { numRuns: 1500 },
    );
    // Mutations of the name line keep the MRZ sound: the property was exercised, not skipped.
    expect(parsedCount).toBeGreaterThan(0);
  });
});
