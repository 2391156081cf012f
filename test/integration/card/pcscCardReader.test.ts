/**
 * The card service read end to end through the real PC/SC stack: the project's eMRTD emulator
 * inserted into vsmartcard's vpcd, a private pcscd, the pcsc-mini addon, BAC, secure messaging,
 * passive authentication. pcscd and vpcd must be installed: without them this test fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeJp2Face } from '../../support/card/makeJp2Face';
import { startPcscdPeer, type PcscdPeer } from '../../support/card/pcscdPeer';
import { insertCard, type InsertedCard } from '../../support/card/vpcdCard';
import { createEmrtdEmulator, type EmulatorOptions } from '../../support/card/emrtdEmulator';
import { createTestPki } from '../../support/card/testPki';
import { buildChipFiles, qrPayload, syntheticCitizen, td1Mrz } from '../../support/card/syntheticCitizen';
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
