/**
 * The officer scans the CCCD QR code into the applicant form, puts the card on the reader, and the
 * form fills from the chip with the face photo and an honest verification badge. Real main
 * services (card service, the pcsc-mini addon, a private pcscd with vpcd) and the project's card emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { startPcscdPeer, type PcscdPeer } from '../support/card/pcscdPeer';
import { insertCard, type InsertedCard } from '../support/card/vpcdCard';
import { createEmrtdEmulator } from '../support/card/emrtdEmulator';
import { createTestPki } from '../support/card/testPki';
import { buildChipFiles, buildPassportFiles, qrPayload, syntheticCitizen, td1Mrz, td3Mrz, travellerKey } from '../support/card/syntheticCitizen';
import { mrzCheckDigit } from '../../preload/shared/card/mrz';
import { makeJp2Face } from '../support/card/makeJp2Face';
import { cardFrontPng } from '../support/card/cardFrontImage';
import { decodePngPixels, rgbToRgba } from '../support/image/decodePngPixels';
import { decodeJpeg2000Pixels } from '../support/image/decodeJpeg2000Pixels';
import { pixelDigest } from '../support/image/imageDigest';

const PORT = 35973;
const pki = createTestPki('E2E');
const trustStoreDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-e2e-csca-'));
await writeFile(path.join(trustStoreDir, 'csca.cer'), pki.csca.certificate);
const key = { documentNumber: syntheticCitizen.documentNumber, birthDate: syntheticCitizen.birthYymmdd, expiryDate: syntheticCitizen.expiryYymmdd };

let peer: PcscdPeer;
beforeAll(async () => {
  peer = await startPcscdPeer('e2e', PORT);
  process.env.PCSCLITE_CSOCK_NAME = peer.socket;
});
afterAll(async () => {
  await peer?.stop();
  delete process.env.PCSCLITE_CSOCK_NAME;
});

const desk = useDesk({ serviceOptions: { card: { readerFilter: 'Virtual PCD 00 00', trustStoreDir } } });

describe('identifying the applicant from the CCCD in Chromium', () => {
  it('fills the form from the chip when the card is put on the reader, with face and "Đã xác thực"', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await expect.poll(() => page.getByTestId('card-reader-status').textContent(), { timeout: 15_000 }).toContain('Virtual PCD 00 00: chưa có thẻ');
    // A keyboard-wedge scanner types the QR payload into the key field.
    await intake.field('cardKey').fill(qrPayload());
    let card: InsertedCard | undefined;
    try {
      // The chip stores its face as JPEG 2000, which Chromium cannot decode: main hands over a PNG.
      const face = await makeJp2Face();
      card = await insertCard(PORT, createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner, face }) }));
      await expect.poll(() => intake.field('fullName').inputValue(), { timeout: 30_000 }).toBe(syntheticCitizen.fullName);
      expect(await intake.field('idNumber').inputValue()).toBe(syntheticCitizen.idNumber);
      expect(await intake.field('birthDate').inputValue()).toBe('12/03/1990');
      expect(await intake.field('gender').inputValue()).toBe('male');
      expect(await intake.field('address').inputValue()).toBe(syntheticCitizen.placeOfResidence);
      await expect.poll(() => page.getByTestId('chip-badge').textContent()).toBe('Đã xác thực');
      const photo = page.getByRole('img', { name: 'Ảnh chân dung trên chip' });
      await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(face.width);
      // Derived: the JPEG 2000 on the chip is shown as PNG. The PNG the form shows (the bytes behind
      // its object URL) decodes to the pixels of the DG2 codestream, and those are the portrait drawn.
      const shown = await photo.evaluate(async (img: HTMLImageElement) => {
        const blob = await (await fetch(img.src)).blob();
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { type: blob.type, base64: btoa(text) };
      });
      expect(shown.type).toBe('image/png');
      const source = await decodeJpeg2000Pixels(face.image);
      const shownDigest = pixelDigest(decodePngPixels(Buffer.from(shown.base64, 'base64')));
      expect(shownDigest).toBe(pixelDigest(source));
      expect(pixelDigest(source)).toBe(pixelDigest(rgbToRgba(face.width, face.height, face.rgb)));
      process.stdout.write(`chip face digest: pixels:${shownDigest.slice(0, 12)}\n`);
      if (process.env.CARD_SCREENSHOT) await page.screenshot({ path: process.env.CARD_SCREENSHOT, fullPage: true });
      // Typing over a chip value makes it manual: the badge goes away.
      await intake.field('fullName').fill('Nguyễn Văn Anh');
      await expect.poll(() => page.getByTestId('chip-badge').count()).toBe(0);
    } finally {
      await card?.remove();
    }
    expect(errors).toEqual([]);
  });

  it('says "Chưa xác thực" for a chip whose signer no trusted CSCA issued', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.field('cardKey').fill(qrPayload());
    const foreign = createTestPki('Foreign');
    const card = await insertCard(PORT, createEmrtdEmulator({ key, files: buildChipFiles({ signer: foreign.documentSigner }) }));
    try {
      await expect.poll(() => page.getByTestId('chip-badge').textContent(), { timeout: 30_000 }).toBe('Chưa xác thực');
      expect(await intake.field('fullName').inputValue()).toBe(syntheticCitizen.fullName);
      expect(await page.getByTestId('chip-badge').getAttribute('title')).toMatch(/CSCA/);
    } finally {
      await card.remove();
    }
    expect(errors).toEqual([]);
  });

  it('fills from the QR code alone, marked as not from the chip', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.field('cardKey').fill(qrPayload());
    await page.getByRole('button', { name: 'Điền từ mã QR' }).click();
    await expect.poll(() => intake.field('fullName').inputValue()).toBe(syntheticCitizen.fullName);
    expect(await page.getByText('Nguồn: mã QR (chưa xác thực)').count()).toBe(1);
    expect(await page.getByTestId('chip-badge').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('reads the QR code from a scanned image of the card front', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.field('cardQrImage').setInputFiles({ name: 'mat-truoc.png', mimeType: 'image/png', buffer: cardFrontPng(qrPayload()) });
    await expect.poll(() => intake.field('fullName').inputValue(), { timeout: 15_000 }).toBe(syntheticCitizen.fullName);
    expect(await intake.field('idNumber').inputValue()).toBe(syntheticCitizen.idNumber);
    expect(await intake.field('cardKey').inputValue()).toBe(qrPayload());
    expect(errors).toEqual([]);
  });

  it('reads the MRZ from an image of the card back with OCR, then opens the chip with it', async () => {
    // The card back as a scanner sees it: the three MRZ lines in a monospace face, large and dark.
    const render = await desk.browser.newPage({ viewport: { width: 900, height: 260 } });
    const lines = td1Mrz().split('\n');
    await render.setContent(`<body style="margin:0;background:#f2f2ee"><pre style="font:34px/1.5 'DejaVu Sans Mono',monospace;letter-spacing:2px;margin:30px;color:#111">${lines.join('\n').replaceAll('<', '&lt;')}</pre></body>`);
    const back = await render.screenshot({ type: 'png' });
    await render.close();
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.field('cardMrzImage').setInputFiles({ name: 'mat-sau.png', mimeType: 'image/png', buffer: back });
    await expect.poll(() => intake.field('cardKey').inputValue(), { timeout: 120_000 }).toBe(td1Mrz());
    const card = await insertCard(PORT, createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }) }));
    try {
      await expect.poll(() => intake.field('idNumber').inputValue(), { timeout: 30_000 }).toBe(syntheticCitizen.idNumber);
      await expect.poll(() => page.getByTestId('chip-badge').textContent()).toBe('Đã xác thực');
    } finally {
      await card.remove();
    }
  });

  it('explains a wrong MRZ in Vietnamese and fills nothing', async () => {
    const { page } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    const card = await insertCard(PORT, createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }) }));
    try {
      await expect.poll(() => page.getByTestId('card-reader-status').textContent(), { timeout: 15_000 }).toContain('đã có thẻ');
      // Well-formed (check digits right) but one day off the birth date: the chip itself refuses.
      const fields = [key.documentNumber, '900313', key.expiryDate];
      await intake.field('cardKey').fill(fields.map((f) => `${f}${mrzCheckDigit(f)}`).join(''));
      await page.getByRole('button', { name: 'Đọc thẻ CCCD' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 }).toMatch(/từ chối khóa truy cập/);
      expect(await intake.field('fullName').inputValue()).toBe('');
    } finally {
      await card.remove();
    }
  });

  it('fills the form from a foreign passport: its number in the ID field, marked as a passport, saved without CCCD rules', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.field('cardKey').fill(td3Mrz());
    const card = await insertCard(PORT, createEmrtdEmulator({ key: travellerKey(), files: buildPassportFiles({ signer: pki.documentSigner }) }));
    try {
      await expect.poll(() => intake.field('idNumber').inputValue(), { timeout: 30_000 }).toBe('CZ6311T4');
      expect(await intake.field('fullName').inputValue()).toBe('MUELLER ANNA MARIA');
      expect(await intake.field('birthDate').inputValue()).toBe('14/02/1985');
      expect(await intake.field('gender').inputValue()).toBe('female');
      expect(await page.getByTestId('chip-document-type').textContent()).toMatch(/hộ chiếu D/u);
      await expect.poll(() => page.getByTestId('chip-badge').textContent()).toBe('Đã xác thực');
      await intake.save();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu hồ sơ' }).textContent(), { timeout: 15_000 }).toContain('MUELLER ANNA MARIA');
      expect(await page.locator('#idNumber-error').count()).toBe(0);
    } finally {
      await card.remove();
    }
    expect(errors).toEqual([]);
  });

  it('fills from a chip without EF.SOD, "Chưa xác thực" with the reason', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.field('cardKey').fill(td1Mrz());
    const card = await insertCard(PORT, createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner, withoutSod: true }) }));
    try {
      await expect.poll(() => page.getByTestId('chip-badge').textContent(), { timeout: 30_000 }).toBe('Chưa xác thực');
      expect(await intake.field('fullName').inputValue()).toBe(syntheticCitizen.fullName);
      expect(await page.getByTestId('chip-badge').getAttribute('title')).toMatch(/Chip không có EF\.SOD/u);
    } finally {
      await card.remove();
    }
    expect(errors).toEqual([]);
  });
});
