/**
 * What the officer gets from a chip, in process against the project's emulator (no PC/SC): a
 * passport read in full, the reads that are filled but marked unverified (no EF.SOD, a damaged
 * face), the ones refused and how (tampered data, a refused or broken secure channel, a TD2
 * document, an LDS version the reader does not know).
 */
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { CardChannel } from '../../../main/card/apdu';
import { assembleChipRead } from '../../../main/card/assembleChipRead';
import { readEmrtd } from '../../../main/card/readEmrtd';
import { SecureMessaging, SecureMessagingError } from '../../../main/card/secureMessaging';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { createEmrtdEmulator, type EmulatorOptions } from '../../support/card/emrtdEmulator';
import { createTestPki } from '../../support/card/testPki';
import { buildChipFiles, buildPassportFiles, faceJpeg, syntheticCitizen, syntheticTraveller, travellerKey } from '../../support/card/syntheticCitizen';
import { fromHex } from '../../../main/card/bytes';
import type { BacKey } from '../../../preload/contract/card';

const pki = createTestPki('Outcomes');
const trust = { certificates: [new X509Certificate(pki.csca.certificate)], problems: [] };
const cccdKey: BacKey = { documentNumber: syntheticCitizen.documentNumber, birthDate: syntheticCitizen.birthYymmdd, expiryDate: syntheticCitizen.expiryYymmdd };
const today = new Date('2026-06-01T00:00:00Z');

/** Changes one byte of a data group after signing. */
function flip(bytes: Uint8Array, at: number): void {
  bytes[at] = bytes[at]! ^ 0x01;
}

function channelTo(card: ReturnType<typeof createEmrtdEmulator>): CardChannel {
  card.reset();
  return {
    async transmit(command) {
      const answer = card.process(command);
      if (!answer) throw new Error('card removed');
      return answer;
    },
  };
}

async function readChip(options: Partial<EmulatorOptions> & Pick<EmulatorOptions, 'files'>, key = cccdKey) {
  const files = await readEmrtd(channelTo(createEmrtdEmulator({ key, ...options })), [key]);
  return assembleChipRead(files, trust, 'r', today);
}

async function failureOf(promise: Promise<unknown>): Promise<DeskFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeskFailure);
  return error as DeskFailure;
}

describe('a TD3 ePassport', () => {
  it('is read in full and verified: name parts, nationality, number as the ID, dates, sex, face; no CCCD rule', async () => {
    const result = await readChip({ files: buildPassportFiles({ signer: pki.documentSigner }) }, travellerKey());
    expect(result.citizen).toEqual({
      documentType: 'passport',
      idNumber: 'CZ6311T4',
      fullName: 'MUELLER ANNA MARIA',
      birthDate: syntheticTraveller.birthIso,
      gender: 'female',
      nationality: 'D',
      issuingState: 'D',
      primaryIdentifier: 'MUELLER',
      secondaryIdentifier: 'ANNA MARIA',
      expiryDate: syntheticTraveller.expiryIso,
    });
    expect(result).toMatchObject({ documentNumber: 'CZ6311T4', documentFormat: 'TD3', dataGroups: [1, 2] });
    expect(result.mrz.split('\n').map((line) => line.length)).toEqual([44, 44]);
    expect(result.authentication).toMatchObject({ status: 'verified', hashesChecked: [1, 2], signatureValid: true, reasons: [] });
    expect(Buffer.from(result.face!.data).equals(Buffer.from(faceJpeg()))).toBe(true);
  });

  it('opens with the passport number typed with its filler, or without it', async () => {
    const files = buildPassportFiles({ signer: pki.documentSigner });
    const padded = { ...travellerKey(), documentNumber: 'CZ6311T4<' };
    const read = await readEmrtd(channelTo(createEmrtdEmulator({ key: travellerKey(), files })), [padded]);
    expect(read.dataGroups.has(1)).toBe(true);
  });
});

describe('filled but marked unverified', () => {
  it('a chip without EF.SOD: filled from DG1 and DG13, "Chip không có EF.SOD"', async () => {
    const result = await readChip({ files: buildChipFiles({ signer: pki.documentSigner, withoutSod: true }) });
    expect(result.citizen).toMatchObject({ documentType: 'cccd', idNumber: syntheticCitizen.idNumber, fullName: syntheticCitizen.fullName });
    expect(result.authentication).toMatchObject({ status: 'unverified', hashesChecked: [], signatureValid: false });
    expect(result.authentication.reasons).toEqual([expect.stringMatching(/^Chip không có EF\.SOD/u)]);
    expect(result.face?.mime).toBe('image/jpeg');
  });

  it('a face broken on the chip (hash matches the SOD): filled without a face, "Ảnh khuôn mặt trên chip bị hỏng"', async () => {
    const result = await readChip({ files: buildChipFiles({ signer: pki.documentSigner, damagedFace: true }) });
    expect(result.citizen.idNumber).toBe(syntheticCitizen.idNumber);
    expect(result.face).toBeUndefined();
    expect(result.authentication).toMatchObject({ status: 'unverified', hashesChecked: [1, 2, 13], signatureValid: true });
    expect(result.authentication.reasons).toEqual([expect.stringMatching(/^Ảnh khuôn mặt trên chip bị hỏng/u)]);
    expect(result.authentication.problems.join()).toMatch(/DG2 face damaged/u);
  });

  it('a DG2 whose reads report corruption (6281): the rest is read and verified, the face is marked damaged', async () => {
    const result = await readChip({ files: buildChipFiles({ signer: pki.documentSigner }), corruptedFiles: [0x0102] });
    expect(result.dataGroups).toEqual([1, 13]);
    expect(result.authentication).toMatchObject({ status: 'unverified', hashesChecked: [1, 13], signatureValid: true });
    expect(result.authentication.reasons).toEqual([expect.stringMatching(/^Ảnh khuôn mặt/u)]);
  });

  it('a passport without EF.SOD and with a damaged face: both reasons', async () => {
    const result = await readChip({ files: buildPassportFiles({ signer: pki.documentSigner, withoutSod: true, damagedFace: true }) }, travellerKey());
    expect(result.citizen.documentType).toBe('passport');
    expect(result.authentication.reasons).toHaveLength(2);
  });
});

describe('refused', () => {
  it('a DG2 changed after signing is tampering, not damage, and the message names it', async () => {
    const files = buildChipFiles({ signer: pki.documentSigner, tamper: (groups) => flip(groups.get(2)!, 60) });
    const failure = await failureOf(readChip({ files }));
    expect(failure.code).toBe('card-tampered');
    expect(failure.userMessage).toMatch(/DG2 – ảnh khuôn mặt.*sửa đổi/u);
  });

  it('a damaged face that was also changed after signing stays tampered', async () => {
    const files = buildPassportFiles({ signer: pki.documentSigner, damagedFace: true, tamper: (groups) => flip(groups.get(2)!, 70) });
    expect((await failureOf(readChip({ files }, travellerKey()))).code).toBe('card-tampered');
  });

  it('6988 and 6987 from the card are a refused secure channel, with the Vietnamese message', async () => {
    for (const sw of [0x6988, 0x6987] as const) {
      for (const after of [1, 4]) {
        const failure = await failureOf(readChip({ files: buildChipFiles({ signer: pki.documentSigner }), refuseSecureMessaging: { sw, after } }));
        expect(failure).toBeInstanceOf(SecureMessagingError);
        expect(failure.code).toBe('card-secure-channel');
        expect(failure.userMessage).toMatch(/^Thẻ từ chối kênh bảo mật.*hãy đặt lại thẻ và thử lại\.$/u);
        expect(failure.detail).toContain(sw.toString(16).toUpperCase());
      }
    }
  });

  it('a wrong MAC on the card\'s answer is a secure-channel failure, not bad data', async () => {
    const failure = await failureOf(readChip({ files: buildChipFiles({ signer: pki.documentSigner }), wrongResponseMac: { after: 3 } }));
    expect(failure.code).toBe('card-secure-channel');
    expect(failure.detail).toMatch(/MAC/u);
  });

  it('an LDS version other than 1.x is named as not supported', async () => {
    const failure = await failureOf(readChip({ files: buildChipFiles({ signer: pki.documentSigner, ldsVersion: '0200' }) }));
    expect(failure.code).toBe('card-unsupported-document');
    expect(failure.userMessage).toMatch(/LDS phiên bản 2\.0.*chưa|mới đọc được chip theo LDS 1\.x/u);
  });
});

describe('secure messaging status words', () => {
  const keys = { ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'), ssc: fromHex('887022120C06C22B') };
  it('a plain 6987/6988 answer ends the channel as refused by the card; other plain errors pass through', () => {
    for (const sw of ['6987', '6988']) {
      const error = (() => {
        try {
          new SecureMessaging(keys).unprotect(fromHex(sw));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(SecureMessagingError);
      expect((error as SecureMessagingError).refusedByCard).toBe(true);
    }
    expect(new SecureMessaging(keys).unprotect(fromHex('6A82')).sw).toBe(0x6a82);
  });
});
