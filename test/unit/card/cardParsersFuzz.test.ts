/**
 * A hostile or broken card can only make the parsers throw CardDataError (or the secure-messaging
 * error, or UnsupportedDocumentError for a TD2 MRZ), never anything else: TLV, APDU, secure messaging, data groups and the SOD, fuzzed with
 * random bytes and with mutations of well-formed files.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CardDataError } from '../../../main/card/cardDataError';
import { encodeTlv, readTlv, readTlvList } from '../../../main/card/tlv';
import { decodeCommand, decodeResponse, encodeCommand } from '../../../main/card/apdu';
import { SecureMessaging, SecureMessagingError } from '../../../main/card/secureMessaging';
import { parseEfCom } from '../../../main/card/parseEfCom';
import { parseDg1 } from '../../../main/card/parseDg1';
import { parseDg2 } from '../../../main/card/parseDg2';
import { parseDg13 } from '../../../main/card/parseDg13';
import { parseSod } from '../../../main/card/parseSod';
import { parseHeaderLength } from '../../../main/card/readElementaryFile';
import { fromHex } from '../../../main/card/bytes';
import { createTestPki } from '../../support/card/testPki';
import { buildChipFiles, buildPassportFiles } from '../../support/card/syntheticCitizen';
import { UnsupportedDocumentError } from '../../../main/card/unsupportedDocumentError';

const pki = createTestPki('Fuzz');
const files = buildChipFiles({ signer: pki.documentSigner });
const passport = buildPassportFiles({ signer: pki.documentSigner });
const wellFormed: [string, Uint8Array, (bytes: Uint8Array) => unknown][] = [
  ['EF.COM', files.get(0x011e)!, parseEfCom],
  ['DG1', files.get(0x0101)!, parseDg1],
  ['DG1 (passport, TD3)', passport.get(0x0101)!, parseDg1],
  ['EF.COM (passport)', passport.get(0x011e)!, parseEfCom],
  ['DG2', files.get(0x0102)!, parseDg2],
  ['DG13', files.get(0x010d)!, parseDg13],
  ['EF.SOD', files.get(0x011d)!, parseSod],
];

/** Runs a parser and lets through only the errors a bad card is allowed to cause. */
function onlyCardErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof CardDataError || error instanceof SecureMessagingError || error instanceof UnsupportedDocumentError)) throw error;
  }
}

const mutation = (length: number) =>
  fc.array(fc.record({ at: fc.nat({ max: length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 });

describe('card parsers under fuzzing', () => {
  it('TLV: encode then read is the identity, for any tag and value', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x04, 0x30, 0x5f1f, 0x7f61, 0x87, 0x5c), fc.uint8Array({ maxLength: 70_000 }), (tag, value) => {
        const item = readTlv(encodeTlv(tag, value));
        expect(item.tag).toBe(tag);
        expect(Buffer.from(item.value).equals(Buffer.from(value))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('TLV and APDU decoding of random bytes only ever raise CardDataError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        onlyCardErrors(() => readTlvList(bytes));
        onlyCardErrors(() => decodeCommand(bytes));
        onlyCardErrors(() => decodeResponse(bytes));
        onlyCardErrors(() => parseHeaderLength(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('APDU: encode then decode is the identity in short and extended form', () => {
    fc.assert(
      fc.property(
        fc.record({
          cla: fc.integer({ min: 0, max: 255 }),
          ins: fc.integer({ min: 0, max: 255 }),
          p1: fc.integer({ min: 0, max: 255 }),
          p2: fc.integer({ min: 0, max: 255 }),
          data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 600 }), { nil: undefined }),
          ne: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
        }),
        (command) => {
          const clean = Object.fromEntries(Object.entries(command).filter(([, v]) => v !== undefined));
          const decoded = decodeCommand(encodeCommand(clean as unknown as Parameters<typeof encodeCommand>[0]));
          expect({ ...decoded, data: decoded.data && [...decoded.data] }).toEqual({ ...clean, data: command.data && [...command.data] });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('secure messaging refuses any random or altered response without crashing', () => {
    const keys = { ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'), ssc: fromHex('887022120C06C22B') };
    const genuine = fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000');
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), mutation(genuine.length).map((changes) => {
        const copy = Uint8Array.from(genuine);
        for (const { at, value } of changes) copy[at] = value;
        return copy;
      })), (bytes) => {
        const sm = new SecureMessaging(keys);
        let result: ReturnType<SecureMessaging['unprotect']> | undefined;
        try {
          result = sm.unprotect(bytes);
        } catch (error) {
          if (!(error instanceof CardDataError || error instanceof SecureMessagingError)) throw error;
        }
        // Whatever got through carries the genuine data objects (the outer status word is not MAC'd;
        // DO99 inside is what counts), or no data at all.
        if (result && result.data.length > 0) expect(Buffer.from(bytes.subarray(0, -2)).equals(Buffer.from(genuine.subarray(0, -2)))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  for (const [name, bytes, parse] of wellFormed) {
    it(`${name}: mutated and truncated files only raise CardDataError`, () => {
      expect(() => parse(bytes)).not.toThrow();
      fc.assert(
        fc.property(mutation(bytes.length), fc.nat({ max: bytes.length }), (changes, cut) => {
          const copy = Uint8Array.from(bytes);
          for (const { at, value } of changes) copy[at] = value;
          onlyCardErrors(() => parse(copy));
          onlyCardErrors(() => parse(bytes.subarray(0, cut)));
        }),
        { numRuns: 400 },
      );
    });
  }
});
