/**
 * The card service read end to end through the real PC/SC stack: the project's eMRTD emulator
 * inserted into vsmartcard's vpcd, a private pcscd, the pcsc-mini addon, BAC, secure messaging,
 * passive authentication, for CCCD cards and TD3 ePassports, and the emulator's fault modes
 * (refused or broken secure messaging, no EF.SOD, a damaged face, TD2, an unknown LDS version).
 * pcscd and vpcd must be installed: without them this test fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeJp2Face } from '../../support/card/makeJp2Face';
import { startPcscdPeer, type PcscdPeer } from '../../support/card/pcscdPeer';
import { insertCard, type InsertedCard } from '../../support/card/vpcdCard';
import { createEmrtdEmulator, type EmulatorOptions } from '../../support/card/emrtdEmulator';
import { createTestPki } from '../../support/card/testPki';
import { buildChipFiles, buildPassportFiles, qrPayload, syntheticCitizen, syntheticTraveller, td1Mrz, td3Mrz, travellerKey } from '../../support/card/syntheticCitizen';
import { createEventLog, eventually, trustStoreWith } from '../../support/card/cardServiceHarness';
import { createCardService, type CardService } from '../../../main/card/createCardService';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import type { CardPresenceEvent, CardReadProgress } from '../../../preload/contract/card';
import type { z } from 'zod';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');

const PORT = 35963;
const pki = createTestPki('Integration');
const key = { documentNumber: syntheticCitizen.documentNumber, birthDate: syntheticCitizen.birthYymmdd, expiryDate: syntheticCitizen.expiryYymmdd };

let peer: PcscdPeer;
let service: CardService;
let untrusted: CardService;
let reader: string;
const presence = createEventLog<z.infer<typeof CardPresenceEvent>>();
const progress = createEventLog<CardReadProgress>();
let inserted: InsertedCard | undefined;

function serviceWith(trustStoreDir: string | undefined, watch: boolean): CardService {
  return createCardService({
    readerFilter: 'Virtual PCD 00 00',
    ...(trustStoreDir ? { trustStoreDir } : {}),
    emit: { reader: () => undefined, qr: () => undefined, card: (event) => watch && presence.push(event), progress: (event) => watch && progress.push(event) },
  });
}

async function insert(options: Partial<EmulatorOptions> = {}): Promise<void> {
  const card = createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }), ...options });
  const seen = presence.next((e) => e.event === 'inserted');
  inserted = await insertCard(PORT, card);
  await seen;
}

async function failureOf(promise: Promise<unknown>): Promise<DeskFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof DeskFailure)) console.error(error);
  else if (process.env.CARD_DEBUG) console.error(error.code, error.detail);
  expect(error).toBeInstanceOf(DeskFailure);
  return error as DeskFailure;
}

beforeAll(async () => {
  peer = await startPcscdPeer('integration', PORT);
  process.env.PCSCLITE_CSOCK_NAME = peer.socket;
  service = serviceWith(await trustStoreWith(pki.csca), true);
  untrusted = serviceWith(undefined, false);
  await eventually(async () => (await service.listReaders()).length > 0, 'the vpcd reader to appear');
  reader = (await service.listReaders())[0]!.name;
});

afterEach(async () => {
  if (inserted) {
    const gone = presence.next((e) => e.event === 'removed');
    await inserted.remove();
    await gone;
    inserted = undefined;
  }
});

afterAll(async () => {
  service?.close();
  untrusted?.close();
  await peer?.stop();
  delete process.env.PCSCLITE_CSOCK_NAME;
});

describe('reading a CCCD chip through pcscd and vpcd', () => {
  it('lists the virtual reader and follows the card in and out', async () => {
    expect(reader).toBe('Virtual PCD 00 00');
    expect((await service.listReaders())[0]!.cardPresent).toBe(false);
    await insert();
    const listed = (await service.listReaders())[0]!;
    expect(listed.cardPresent).toBe(true);
    expect(listed.atr).toBe('3B80800101');
  });

  it('reads the chip with the MRZ and verifies it against the CSCA', async () => {
    await insert();
    const result = await service.read(reader, { kind: 'mrz', text: td1Mrz() });
    expect(result.citizen).toMatchObject({
      idNumber: syntheticCitizen.idNumber,
      fullName: syntheticCitizen.fullName,
      birthDate: '1990-03-12',
      gender: 'male',
      placeOfResidence: syntheticCitizen.placeOfResidence,
      issueDate: '2021-05-10',
      expiryDate: '2030-03-12',
      fatherName: syntheticCitizen.fatherName,
      motherName: syntheticCitizen.motherName,
    });
    expect(result.authentication).toMatchObject({ status: 'verified', hashesChecked: [1, 2, 13], signatureValid: true });
    expect(result.authentication.trustedBy).toContain('CSCA Integration VN');
    expect(result.face?.mime).toBe('image/jpeg');
    expect(result.dataGroups).toEqual([1, 2, 13]);
    expect(progress.all.some((p) => p.step === 'read' && p.file === 'DG2' && p.bytesRead === p.bytesTotal)).toBe(true);
  });

  it('opens the chip with keys derived from the QR code (renewal-age expiry candidates)', async () => {
    await insert();
    const result = await service.read(null, { kind: 'qr', payload: qrPayload() });
    expect(result.citizen.idNumber).toBe(syntheticCitizen.idNumber);
    expect(result.authentication.status).toBe('verified');
  });

  it('says "unverified" when no CSCA of the trust store issued the document signer', async () => {
    await insert();
    const result = await untrusted.read(reader, { kind: 'fields', ...key });
    expect(result.authentication.status).toBe('unverified');
    expect(result.authentication.signatureValid).toBe(true);
    expect(result.authentication.problems.join()).toMatch(/CSCA/);
  });

  it('refuses a wrong MRZ in Vietnamese', async () => {
    await insert();
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key, birthDate: '900313' }));
    expect(failure.code).toBe('card-wrong-key');
    expect(failure.userMessage).toMatch(/từ chối khóa truy cập/);
  });

  it('refuses a chip whose data group was changed after signing', async () => {
    const files = buildChipFiles({
      signer: pki.documentSigner,
      tamper: (groups) => {
        const dg1 = groups.get(1)!;
        dg1[dg1.length - 5] = 'X'.charCodeAt(0);
      },
    });
    await insert({ files });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-tampered');
    expect(failure.detail).toMatch(/DG1/);
  });

  it('reports a card pulled out in the middle of a read', async () => {
    const card = createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }), removeAfterReads: 5 });
    const seen = presence.next((e) => e.event === 'inserted');
    const pulled = await insertCard(PORT, card);
    await seen;
    const gone = presence.next((e) => e.event === 'removed');
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-removed');
    expect(failure.userMessage).toMatch(/rút ra/);
    await pulled.closed;
    await gone;
  });

  it('refuses a card without the eMRTD application', async () => {
    await insert({ noEmrtdApplication: true });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-unsupported');
  });

  it('converts a JPEG 2000 face to PNG for the screen', async () => {
    const face = await makeJp2Face(48, 64);
    const { width, height } = face;
    await insert({ files: buildChipFiles({ signer: pki.documentSigner, face }) });
    const result = await service.read(reader, { kind: 'fields', ...key });
    expect(result.face).toMatchObject({ mime: 'image/png', sourceMime: 'image/jp2', width, height });
    expect([...result.face!.data.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(result.authentication.status).toBe('verified');
  });

  it('reads the chip from the command line and prints JSON', async () => {
    await insert();
    const out = await mkdtemp(path.join(os.tmpdir(), 'motcua-cli-card-'));
    const csca = await trustStoreWith(pki.csca);
    const face = path.join(out, 'face.jpg');
    const { stdout } = await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['main/cli.ts', 'read-card', '--reader', reader, '--qr', qrPayload(), '--csca', csca, '--face', face], {
      cwd: root,
      env: { ...process.env, PCSCLITE_CSOCK_NAME: peer.socket, MOTCUA_DATA_DIR: out },
    });
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ citizen: { idNumber: syntheticCitizen.idNumber, fullName: syntheticCitizen.fullName }, authentication: { status: 'verified' }, face: { mime: 'image/jpeg', file: face } });
    expect((await readFile(face)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const refused = await run(path.join(root, 'node_modules', '.bin', 'tsx'), ['main/cli.ts', 'read-card', '--reader', reader, '--doc', key.documentNumber, '--birth', '000101', '--expiry', key.expiryDate], {
      cwd: root,
      env: { ...process.env, PCSCLITE_CSOCK_NAME: peer.socket, MOTCUA_DATA_DIR: out },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect(JSON.parse((refused as { stdout: string }).stdout).error.code).toBe('card-wrong-key');
  });

  it('says there is no card when the reader is empty', async () => {
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-no-card');
  });
});

/** A TD2 MRZ (2 × 36) with sound check digits: a document kind this reader does not handle. */
const TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';

describe('passports and what a chip can get wrong, through pcscd and vpcd', () => {
  it('reads a TD3 ePassport opened with its two MRZ lines, and again with the passport number typed', async () => {
    await insert({ key: travellerKey(), files: buildPassportFiles({ signer: pki.documentSigner }) });
    const result = await service.read(reader, { kind: 'mrz', text: td3Mrz() });
    expect(result.citizen).toEqual({
      documentType: 'passport',
      idNumber: syntheticTraveller.documentNumber,
      fullName: 'MUELLER ANNA MARIA',
      birthDate: syntheticTraveller.birthIso,
      gender: 'female',
      nationality: 'D',
      issuingState: 'D',
      primaryIdentifier: 'MUELLER',
      secondaryIdentifier: 'ANNA MARIA',
      expiryDate: syntheticTraveller.expiryIso,
    });
    expect(result).toMatchObject({ documentNumber: 'CZ6311T4', documentFormat: 'TD3', dataGroups: [1, 2], mrz: td3Mrz() });
    expect(result.authentication).toMatchObject({ status: 'verified', hashesChecked: [1, 2], signatureValid: true });
    expect(result.face?.mime).toBe('image/jpeg');
    const typed = await service.read(reader, { kind: 'fields', documentNumber: 'cz6311t4', birthDate: syntheticTraveller.birthYymmdd, expiryDate: syntheticTraveller.expiryYymmdd });
    expect(typed.citizen.idNumber).toBe('CZ6311T4');
  });

  it('reports a card answering 6988 (SM data objects incorrect) as a refused secure channel', async () => {
    await insert({ refuseSecureMessaging: { sw: 0x6988, after: 3 } });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-secure-channel');
    expect(failure.userMessage).toMatch(/^Thẻ từ chối kênh bảo mật.*hãy đặt lại thẻ và thử lại\.$/u);
    expect(failure.detail).toContain('6988');
  });

  it('reports 6987 (SM data objects missing) the same way', async () => {
    await insert({ refuseSecureMessaging: { sw: 0x6987, after: 1 } });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-secure-channel');
    expect(failure.userMessage).toMatch(/^Thẻ từ chối kênh bảo mật/u);
    expect(failure.detail).toContain('6987');
  });

  it('reports a wrong MAC on the card\'s answer as a secure-channel failure, not bad data', async () => {
    await insert({ wrongResponseMac: { after: 5 } });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-secure-channel');
    expect(failure.detail).toMatch(/MAC does not verify/u);
  });

  it('fills from DG1 and DG13 a chip without EF.SOD, marked unverified: "Chip không có EF.SOD"', async () => {
    await insert({ files: buildChipFiles({ signer: pki.documentSigner, withoutSod: true }) });
    const result = await service.read(reader, { kind: 'mrz', text: td1Mrz() });
    expect(result.citizen).toMatchObject({ idNumber: syntheticCitizen.idNumber, fullName: syntheticCitizen.fullName, placeOfResidence: syntheticCitizen.placeOfResidence });
    expect(result.authentication).toMatchObject({ status: 'unverified', hashesChecked: [], signatureValid: false });
    expect(result.authentication.reasons).toEqual([expect.stringMatching(/^Chip không có EF\.SOD/u)]);
  });

  it('fills without a face a chip whose face is broken but signed, marked unverified: "Ảnh khuôn mặt trên chip bị hỏng"', async () => {
    await insert({ files: buildChipFiles({ signer: pki.documentSigner, damagedFace: true }) });
    const result = await service.read(reader, { kind: 'fields', ...key });
    expect(result.citizen.fullName).toBe(syntheticCitizen.fullName);
    expect(result.face).toBeUndefined();
    expect(result.authentication).toMatchObject({ status: 'unverified', hashesChecked: [1, 2, 13], signatureValid: true });
    expect(result.authentication.reasons).toEqual([expect.stringMatching(/^Ảnh khuôn mặt trên chip bị hỏng/u)]);
  });

  it('reads on past a DG2 whose reads report corruption (6281), marked unverified', async () => {
    await insert({ corruptedFiles: [0x0102] });
    const result = await service.read(reader, { kind: 'fields', ...key });
    expect(result.dataGroups).toEqual([1, 13]);
    expect(result.authentication).toMatchObject({ status: 'unverified', hashesChecked: [1, 13] });
    expect(result.authentication.reasons).toEqual([expect.stringMatching(/^Ảnh khuôn mặt/u)]);
  });

  it('still refuses a DG2 changed after signing, naming it', async () => {
    const files = buildChipFiles({ signer: pki.documentSigner, tamper: (groups) => {
        const dg2 = groups.get(2)!;
        dg2[80] = dg2[80]! ^ 0x01;
      } });
    await insert({ files });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-tampered');
    expect(failure.userMessage).toMatch(/DG2 – ảnh khuôn mặt/u);
  });

  it('says plainly that a TD2 document is not supported', async () => {
    const td2Key = { documentNumber: 'D23145890', birthDate: '740812', expiryDate: '120415' };
    await insert({ key: td2Key, files: buildPassportFiles({ signer: pki.documentSigner, mrz: TD2 }) });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...td2Key }));
    expect(failure.code).toBe('card-unsupported-document');
    expect(failure.userMessage).toMatch(/TD2/u);
    expect(failure.userMessage).not.toBe('Dữ liệu trên chip không đúng định dạng, không đọc được. Hãy thử lại hoặc nhập tay.');
  });

  it('says plainly that an LDS version other than 1.x is not supported', async () => {
    await insert({ files: buildChipFiles({ signer: pki.documentSigner, ldsVersion: '0200' }) });
    const failure = await failureOf(service.read(reader, { kind: 'fields', ...key }));
    expect(failure.code).toBe('card-unsupported-document');
    expect(failure.userMessage).toMatch(/LDS phiên bản 2\.0/u);
  });
});
