import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIpcRouter } from '../../../main/ipc/createIpcRouter';
import { createServices } from '../../../main/services/createServices';
import { createPrintService } from '../../../main/print/printService';
import { methodChannel } from '../../../preload/contract';
import { renderReceipt } from '../../../preload/shared/domain/forms/renderReceipt';
import { loadFormFonts, pdfText, requirePoppler } from './formFixtures';
import { RECEIPT } from './receiptFixture';

describe('print service', () => {
  it('spools a real receipt through the IPC router on hosts without a print dialog', async () => {
    requirePoppler();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-print-'));
    const router = createIpcRouter(createServices({ dataDir, version: '0.0.0', mode: 'training', host: 'test-host', sink: () => {} }));
    const pdf = await renderReceipt(RECEIPT, loadFormFonts());
    const reply = await router.handle(methodChannel('print', 'printPdf'), [{ pdf, title: `Giấy tiếp nhận ${RECEIPT.dossierCode}` }]);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const outcome = reply.value as { outcome: string; path: string };
    expect(outcome.outcome).toBe('spooled');
    expect(path.basename(outcome.path)).toMatch(/-Giay-tiep-nhan-000.00.16.H27-240415-0007\.pdf$/);
    expect(new Uint8Array(readFileSync(outcome.path))).toEqual(pdf);
    expect(pdfText(outcome.path)).toContain(RECEIPT.dossierCode);
  });

  it('refuses non-PDF and truncated bytes in Vietnamese before anything reaches a printer', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-print-'));
    const router = createIpcRouter(createServices({ dataDir, version: '0.0.0', mode: 'training', host: 'test-host', sink: () => {} }));
    const pdf = await renderReceipt(RECEIPT, loadFormFonts());
    const notPdf = await router.handle(methodChannel('print', 'printPdf'), [{ pdf: new TextEncoder().encode('<html>'), title: 'x' }]);
    expect(notPdf).toMatchObject({ ok: false, error: { code: 'print-not-pdf', message: 'Tệp cần in không phải PDF.' } });
    const truncated = await router.handle(methodChannel('print', 'printPdf'), [{ pdf: pdf.subarray(0, pdf.length - 2000), title: 'x' }]);
    expect(truncated).toMatchObject({ ok: false, error: { code: 'print-truncated-pdf' } });
    const wrongType = await router.handle(methodChannel('print', 'printPdf'), [{ pdf: 'JVBERi0=', title: 'x' }]);
    expect(wrongType.ok).toBe(false);
    expect(readdirSync(dataDir)).not.toContain('x.pdf');
  });

  it('hands the spooled file to the presenter, reports a failing dialog, and sweeps old spool files', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-print-'));
    const spool = path.join(dataDir, 'print-spool');
    mkdirSync(spool);
    const old = path.join(spool, 'old.pdf');
    writeFileSync(old, '%PDF-1.4');
    utimesSync(old, new Date('2020-01-01'), new Date('2020-01-01'));
    const shown: string[] = [];
    const pdf = await renderReceipt(RECEIPT, loadFormFonts());
    const service = createPrintService({ dataDir, presenter: async (file) => (shown.push(file), 'cancelled') });
    const result = await service.printPdf({ pdf, title: 'Biên nhận' });
    expect(result.outcome).toBe('cancelled');
    expect(shown).toEqual([result.path]);
    expect(readdirSync(spool)).toEqual([path.basename(result.path)]);
    const failing = createPrintService({ dataDir, presenter: async () => Promise.reject(new Error('no printer')) });
    await expect(failing.printPdf({ pdf, title: 'Biên nhận' })).rejects.toMatchObject({ code: 'print-failed', userMessage: expect.stringContaining('hộp thoại in') });
  });
});

describe('Electron print window', () => {
  it('keeps every hardening option of the app windows, without preload, with only the PDF plugin added', async () => {
    const { printWindowPreferences } = await import('../../../main/print/presentPdfForPrinting');
    const { secureWebPreferences } = await import('../../../main/security/windowSecurity');
    const { preload: _preload, ...hardened } = secureWebPreferences('');
    expect(printWindowPreferences()).toEqual({ ...hardened, plugins: true });
    expect(printWindowPreferences()).not.toHaveProperty('preload');
  });
});
