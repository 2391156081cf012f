/**
 * The reading path against the project's card emulator, in process (no PC/SC): BAC, secure
 * messaging, every file, the parsers and passive authentication, plus the refusals.
 */
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { CardChannel } from '../../../main/card/apdu';
import { readEmrtd } from '../../../main/card/readEmrtd';
import { BacRefusedError } from '../../../main/card/bac';
import { parseDg1 } from '../../../main/card/parseDg1';
import { parseDg2 } from '../../../main/card/parseDg2';
import { parseDg13 } from '../../../main/card/parseDg13';
import { parseSod } from '../../../main/card/parseSod';
import { passiveAuthentication } from '../../../main/card/passiveAuthentication';
import { createEmrtdEmulator } from '../../support/card/emrtdEmulator';
import { createTestPki } from '../../support/card/testPki';
import { buildChipFiles, faceJpeg, syntheticCitizen } from '../../support/card/syntheticCitizen';

const pki = createTestPki('Unit');
const key = { documentNumber: syntheticCitizen.documentNumber, birthDate: syntheticCitizen.birthYymmdd, expiryDate: syntheticCitizen.expiryYymmdd };

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

describe('reading the emulated CCCD chip', () => {
  it('reads and parses every data group, and verifies them against the SOD and the CSCA', async () => {
    const card = createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }) });
    const progress: string[] = [];
    const files = await readEmrtd(channelTo(card), [key], (p) => progress.push(`${p.step}:${p.file ?? ''}`));
    expect(files.com.dataGroups).toEqual([1, 2, 13]);
    expect(progress).toContain('read:DG2');
    const mrz = parseDg1(files.dataGroups.get(1)!);
    if (mrz.format !== 'TD1') throw new Error(`a CCCD has a TD1 MRZ, not ${mrz.format}`);
    expect(mrz.documentNumber).toBe(syntheticCitizen.documentNumber);
    expect(mrz.optionalData1).toBe(syntheticCitizen.idNumber);
    expect(mrz.surname).toBe('NGUYEN');
    expect(mrz.givenNames).toBe('VAN AN');
    const face = parseDg2(files.dataGroups.get(2)!);
    expect(face.mime).toBe('image/jpeg');
    expect(Buffer.from(face.data).equals(Buffer.from(faceJpeg()))).toBe(true);
    const dg13 = parseDg13(files.dataGroups.get(13)!);
    expect(dg13).toMatchObject({
      idNumber: syntheticCitizen.idNumber,
      fullName: syntheticCitizen.fullName,
      birthDate: syntheticCitizen.birthDate,
      placeOfResidence: syntheticCitizen.placeOfResidence,
      fatherName: syntheticCitizen.fatherName,
      motherName: syntheticCitizen.motherName,
      oldIdNumber: syntheticCitizen.oldIdNumber,
    });
    const sod = parseSod(files.sod!);
    const trusted = passiveAuthentication(sod, files.dataGroups, [new X509Certificate(pki.csca.certificate)]);
    expect(trusted).toMatchObject({ status: 'verified', hashesChecked: [1, 2, 13], hashMismatches: [], signatureValid: true });
    const untrusted = passiveAuthentication(sod, files.dataGroups, []);
    expect(untrusted.status).toBe('unverified');
    const otherCsca = createTestPki('Other').csca;
    expect(passiveAuthentication(sod, files.dataGroups, [new X509Certificate(otherCsca.certificate)]).status).toBe('unverified');
  });

  it('reads a file past offset 0x7FFF with READ BINARY B1 (offset in DO54)', async () => {
    const large = new Uint8Array(40_000).map((_, i) => (i * 31) & 0xff);
    large.set([0xff, 0xd8, 0xff, 0xe0]);
    const card = createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner, face: { image: large, type: 'jpeg', width: 400, height: 500 } }) });
    const files = await readEmrtd(channelTo(card), [key]);
    expect(Buffer.from(parseDg2(files.dataGroups.get(2)!).data).equals(Buffer.from(large))).toBe(true);
    expect(passiveAuthentication(parseSod(files.sod!), files.dataGroups, [new X509Certificate(pki.csca.certificate)]).status).toBe('verified');
  });

  it('tries key candidates in turn and reports which one opened the card', async () => {
    const card = createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }) });
    const wrong = { ...key, expiryDate: '350312' };
    const files = await readEmrtd(channelTo(card), [wrong, key]);
    expect(files.keyIndex).toBe(1);
  });

  it('refuses wrong keys', async () => {
    const card = createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }) });
    await expect(readEmrtd(channelTo(card), [{ ...key, birthDate: '900313' }])).rejects.toBeInstanceOf(BacRefusedError);
  });

  it('finds a data group changed after signing', async () => {
    const files = buildChipFiles({
      signer: pki.documentSigner,
      tamper: (groups) => {
        const dg13 = groups.get(13)!;
        const at = Buffer.from(dg13).indexOf(Buffer.from('Tràng Tiền'));
        dg13[at] = 'X'.charCodeAt(0);
      },
    });
    const card = createEmrtdEmulator({ key, files });
    const read = await readEmrtd(channelTo(card), [key]);
    const result = passiveAuthentication(parseSod(read.sod!), read.dataGroups, [new X509Certificate(pki.csca.certificate)]);
    expect(result.status).toBe('tampered');
    expect(result.hashMismatches).toEqual([13]);
  });
});
