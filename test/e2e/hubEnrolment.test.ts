import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useDesk } from './support/deskFixture';
import { IntakePage } from './pages/IntakePage';
import { startTestHub } from '../support/sync/startTestHub';
import { dossierCodeDay, parseDossierCode } from '../../preload/shared/domain/dossierCode';

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-e2e-enrol-'));
const hub = await startTestHub({ dir });
const desk = useDesk();

afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

describe('enrolling a desk with the office hub in Chromium', () => {
  it('refuses wrong, expired and used codes, an unreachable hub and plain HTTP on the network, enrols with the hub\'s code and seals with a number from a leased block', async () => {
    const { page, errors } = await desk.openApp();
    await page.getByRole('button', { name: 'Cấu hình bàn' }).click();
    const section = page.getByTestId('hub-enrolment');
    const address = section.locator('[name="hubUrl"]');
    const code = section.locator('[name="enrolmentCode"]');
    const enrol = section.getByRole('button', { name: 'Đăng ký bàn' });
    const alert = () => section.getByRole('alert').textContent();
    const made = await hub.hub.store.createEnrolmentCode({ deskName: 'Bàn 2', role: 'desk' });
    // Another desk of the office has already leased today's first block (0001–0050): this desk's
    // codes cannot start at 0001 as a desk's own hand-typed partition would.
    const other = await hub.hub.store.deskByToken(hub.token);
    await hub.hub.store.leaseCodeBlocks(other!, { prefix: '000.00.16.H27', day: dossierCodeDay(new Date()), count: 1 });

    // Typed without dashes in lower case: the field groups it as the administrator's printout shows it.
    await code.fill(made.code.replace(/-/g, '').toLowerCase());
    expect(await code.inputValue()).toBe(made.code);

    await address.fill('http://192.0.2.10:8480');
    await enrol.click();
    await expect.poll(alert).toBe('Máy chủ đơn vị phải dùng kết nối bảo mật: địa chỉ cần bắt đầu bằng https:// (http:// chỉ dùng với máy chủ chạy trên chính máy này).');

    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    await address.fill(nowhere);
    await enrol.click();
    await expect.poll(alert).toBe(`Không kết nối được với máy chủ đơn vị tại ${nowhere}. Kiểm tra địa chỉ, mạng và máy chủ có đang chạy không.`);

    await address.fill(hub.url);
    await code.fill('7K2M-QX9D-4HT');
    await enrol.click();
    await expect.poll(alert).toBe('Mã đăng ký gồm 16 ký tự (4 nhóm 4 ký tự), ví dụ 7K2M-QX9D-4HTB-W3NC.');
    await code.fill('7K2M-QX9D-4HTB-W3NC');
    await enrol.click();
    await expect.poll(alert).toBe('Mã đăng ký không đúng. Kiểm tra lại từng ký tự của mã do quản trị viên máy chủ đơn vị cấp.');
    const expired = await hub.hub.store.createEnrolmentCode({ deskName: 'Bàn 3', role: 'desk', validHours: -1 });
    await code.fill(expired.code);
    await enrol.click();
    await expect.poll(alert).toBe('Mã đăng ký đã hết hạn. Xin quản trị viên máy chủ đơn vị cấp mã mới.');
    expect(await section.getByTestId('hub-desk').count()).toBe(0);

    await code.fill(made.code);
    await enrol.click();
    await expect.poll(() => section.getByRole('status').textContent()).toBe('Đã đăng ký bàn "Bàn 2" với máy chủ đơn vị.');
    const enrolled = (await hub.hub.store.listDesks()).find((entry) => entry.name === 'Bàn 2' && !entry.revokedAt)!;
    expect(await section.getByTestId('hub-desk').locator('p').first().textContent()).toBe(`Bàn: Bàn 2 · Vai trò: bàn tiếp nhận · Số bàn do máy chủ cấp: ${enrolled.slot}`);
    // The address and the token went to main (the sync section shows both); the token is nowhere in IndexedDB.
    expect(await page.locator('[name="serverUrl"]').inputValue()).toBe(hub.url);
    expect(await page.getByText(/Đã lưu mã truy cập/).count()).toBe(1);

    // The sync worker restarts for the hub and leases today's blocks (and the next days').
    await expect.poll(() => section.getByTestId('hub-code-blocks').locator('p').first().textContent(), { timeout: 30_000 }).toMatch(/^Số hồ sơ máy chủ đã cấp còn dùng được hôm nay: 100 \(các dải: /);
    const leased = await hub.hub.store.codeBlocks({ deskId: enrolled.id });
    expect(leased.length).toBeGreaterThanOrEqual(2);

    // The same code a second time (another machine trying it) is refused.
    await code.fill(made.code);
    await enrol.click();
    await expect.poll(alert).toBe('Mã đăng ký này đã được dùng. Mỗi mã chỉ đăng ký được một bàn; xin quản trị viên cấp mã mới.');

    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).first().click();
    const intake = new IntakePage(page);
    await intake.chooseProcedure('trung tam nghien cuu');
    await intake.fillApplicant({ idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male' });
    await intake.save();
    const panel = page.getByTestId('seal-panel');
    await panel.locator('[name="sealOverride"]').check();
    await panel.locator('[name="sealOverrideReason"]').fill('Bản giấy nộp sau');
    await panel.getByRole('button', { name: 'Tiếp nhận hồ sơ và lập giấy hẹn' }).click();
    await expect.poll(() => panel.getByTestId('dossier-code').count(), { timeout: 20_000 }).toBe(1);
    const sealed = (await panel.getByTestId('dossier-code').textContent())!.trim();
    const { sequence } = parseDossierCode(sealed);
    const owner = leased.filter((block) => sealed.startsWith(`${block.prefix}-${block.day}-`) && block.from <= sequence && sequence <= block.to);
    expect(owner).toHaveLength(1);
    // The first number of the lowest block the hub leased this desk for today.
    const today = leased.filter((block) => sealed.startsWith(`${block.prefix}-${block.day}-`));
    expect(sequence).toBe(Math.min(...today.map((block) => block.from)));
    expect(sealed).toBe(`000.00.16.H27-${dossierCodeDay(new Date())}-0051`);

    const stored = await page.evaluate(async () => JSON.stringify(await indexedDB.databases()));
    expect(stored).not.toContain(made.code);

    // Revoked at the hub: the desk's sync line says so in Vietnamese once it next talks to the hub.
    await hub.hub.store.revokeDesk('Bàn 2');
    await page.reload();
    await expect.poll(() => page.getByTestId('sync-indicator').textContent(), { timeout: 30_000 }).toContain('Bàn đã bị thu hồi khỏi máy chủ đơn vị');
    expect(await page.getByTestId('sync-indicator').textContent()).toContain('Các hồ sơ chờ gửi vẫn được giữ nguyên trong máy');
    expect(errors).toEqual([]);
  });
});
