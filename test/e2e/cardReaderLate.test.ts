/**
 * A desk whose PC/SC service is not running when the app starts (pcscd not started yet; on Windows
 * the Smart Card service starts only once a reader is plugged in): the intake screen says so in
 * Vietnamese, the officer goes on with the QR code, and once the service is up the reader shows
 * without a reload and a card put on it fills the form. Real main services, a private pcscd with
 * vpcd started mid-test, the project's card emulator.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { pcscdSocketPath, startPcscdPeer, type PcscdPeer } from '../support/card/pcscdPeer';
import { insertCard } from '../support/card/vpcdCard';
import { createEmrtdEmulator } from '../support/card/emrtdEmulator';
import { createTestPki } from '../support/card/testPki';
import { buildChipFiles, qrPayload, syntheticCitizen } from '../support/card/syntheticCitizen';

const PORT = 35993;
const PEER = 'e2e-late';
const pki = createTestPki('E2E late');
const trustStoreDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-e2e-late-csca-'));
await writeFile(path.join(trustStoreDir, 'csca.cer'), pki.csca.certificate);
const key = { documentNumber: syntheticCitizen.documentNumber, birthDate: syntheticCitizen.birthYymmdd, expiryDate: syntheticCitizen.expiryYymmdd };

// The PC/SC library reads the socket name once per process: it points where no daemon listens yet.
process.env.PCSCLITE_CSOCK_NAME = pcscdSocketPath(PEER);
let peer: PcscdPeer | undefined;
afterAll(async () => {
  await peer?.stop();
  delete process.env.PCSCLITE_CSOCK_NAME;
});

const desk = useDesk({ serviceOptions: { card: { readerFilter: 'Virtual PCD 00 00', trustStoreDir } } });

describe('a desk whose PC/SC service starts after the app', () => {
  it('says there is no card service, works on with the QR code, then reads the chip once the service is up', async () => {
    const { page, errors } = await desk.openApp();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    const status = page.getByTestId('card-reader-status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Không tìm thấy dịch vụ đọc thẻ \(PC\/SC\)/u);
    expect(await status.getAttribute('title')).toMatch(/NoService/u);

    // The rest of the screen works: the QR code fills the form.
    await intake.field('cardKey').fill(qrPayload());
    await page.getByRole('button', { name: 'Điền từ mã QR' }).click();
    await expect.poll(() => intake.field('fullName').inputValue()).toBe(syntheticCitizen.fullName);
    expect(await page.getByText('Nguồn: mã QR (chưa xác thực)').count()).toBe(1);

    // The service comes up: the reader appears without a reload, and the chip fills the form.
    peer = await startPcscdPeer(PEER, PORT);
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Virtual PCD 00 00: chưa có thẻ');
    const card = await insertCard(PORT, createEmrtdEmulator({ key, files: buildChipFiles({ signer: pki.documentSigner }) }));
    try {
      await expect.poll(() => page.getByTestId('chip-badge').textContent(), { timeout: 30_000 }).toBe('Đã xác thực');
      expect(await intake.field('idNumber').inputValue()).toBe(syntheticCitizen.idNumber);
    } finally {
      await card.remove();
    }
    expect(errors).toEqual([]);
  });
});
