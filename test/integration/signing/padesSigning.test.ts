import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningService, type SigningService } from '../../../main/signing/createSigningService';
import { signPdfBatch } from '../../../main/signing/signPdfBatch';
import { verifyPdfSignatures } from '../../../main/signing/verify/verifyPdfSignatures';
import { loadTrustStore } from '../../../main/card/loadTrustStore';
import { createIpcRouter } from '../../../main/ipc/createIpcRouter';
import { createServices } from '../../../main/services/createServices';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { packageScannedPdf } from '../../../preload/shared/pdf/packageScannedPdf';
import { makePng } from '../../support/makePng';
import { createSigningPeer, type SigningPeer } from '../../support/signing/createSigningPeer';
import { startTimestampServer, type TimestampServer } from '../../support/signing/startTimestampServer';
import { extractLastSignature, opensslVerify, opensslVerifyTimestamp, pdfsig, qpdfCheck } from '../../support/signing/validators';
import { run } from '../../support/ocr/requireTools';
import { verifyPdfCommand } from '../../../main/cli/verifyPdfCommand';

/** Runs `verify-pdf` in this process (as `npm run cli -- verify-pdf` does), with what it prints. */
async function verifyPdfCli(...argv: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    return { status: await verifyPdfCommand.run(argv), stdout };
  } finally {
    process.stdout.write = write;
  }
}

const AGENCY = 'Ủy ban nhân dân phường Thử Nghiệm';

let peer: SigningPeer;
let dataDir: string;
let service: SigningService;
let tsa: TimestampServer;
let component: { bytes: Uint8Array; sha256: string };
let rotated: { bytes: Uint8Array; sha256: string };

async function makeComponent(rotation: 0 | 90 = 0) {
  const packaged = await packageScannedPdf({
    pages: [
      { bytes: new Uint8Array(makePng(400, 560, 3)), dpi: 50, rotation },
      { bytes: new Uint8Array(makePng(400, 560, 5)), dpi: 50 },
    ],
    component: 'Giấy khai sinh',
    dossierCode: '000.00.16.H27-261203-0001',
    agency: AGENCY,
    createdAt: new Date('2026-12-03T01:02:03Z'),
  });
  return { bytes: packaged.bytes, sha256: packaged.sha256 };
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(peer.dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** The widget of the last signature field and page 1's boxes, read by qpdf (not by the project's code). */
function signatureWidget(file: string): { rect: number[]; mediaBox: number[]; rotate: number; flags: number } {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', file])) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
  const objects = json.qpdf[1];
  const values = Object.values(objects).map((o) => o.value ?? {});
  const widgets = values.filter((v) => v['/FT'] === '/Sig' && v['/Subtype'] === '/Widget');
  const widget = widgets[widgets.length - 1]!;
  const page = objects[`obj:${String(widget['/P']).replace(/ R$/u, ' R')}`]?.value ?? {};
  const box = (page['/MediaBox'] as number[] | undefined) ?? [];
  return { rect: widget['/Rect'] as number[], mediaBox: box, rotate: Number(page['/Rotate'] ?? 0), flags: Number(widget['/F']) };
}

function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const changed = bytes.slice();
  changed[at] = changed[at]! ^ 0x01;
  return changed;
}

beforeAll(async () => {
  peer = createSigningPeer({ agency: AGENCY });
  dataDir = path.join(peer.dir, 'data');
  mkdirSync(path.join(dataDir, 'trust'), { recursive: true });
  copyFileSync(peer.root.file, path.join(dataDir, 'trust', 'desk-test-root.pem'));
  service = createSigningService({ dataDir, defaults: { modulePath: peer.modulePath, agencyName: AGENCY } });
  tsa = await startTimestampServer(peer.tsa);
  component = await makeComponent();
  rotated = await makeComponent(90);
}, 60_000);

afterAll(async () => {
  service?.close();
  await tsa?.close();
  peer?.cleanup();
});

describe('signing service on a SoftHSM2 token', () => {
  it('lists the token and its certificates; a wrong PIN is refused with the token’s own warning, the right one logs in', async () => {
    const tokens = await service.listTokens();
    expect(tokens).toEqual([expect.objectContaining({ serial: peer.serial, label: peer.label, loggedIn: false })]);
    const certificates = await service.listCertificates(peer.serial);
    const byId = new Map(certificates.map((c) => [c.id, c]));
    expect(byId.get('01')).toMatchObject({ keyType: 'rsa', keySize: 2048, supported: true, organisation: AGENCY });
    expect(byId.get('02')).toMatchObject({ keyType: 'ec', curve: 'prime256v1', supported: true });
    expect(byId.get('01')!.sha256).toBe(createHash('sha256').update(peer.keys.rsa.der).digest('hex'));

    await expect(service.signDigest({ token: peer.serial, certificateId: '02', digest: new Uint8Array(32) })).rejects.toMatchObject({ code: 'signing-not-logged-in' });
    const wrong = await service.login(peer.serial, '000000').catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(DeskFailure);
    expect(wrong).toMatchObject({ code: 'signing-pin-wrong' });
    expect((wrong as DeskFailure).userMessage).toMatch(/^Mã PIN không đúng\. Cảnh báo: token báo còn ít lần thử/u);
    // The warning comes from the token's flags, as OpenSC reads them too.
    expect(run('pkcs11-tool', ['--module', peer.modulePath, '-L'])).toMatch(/user PIN count low/u);
    expect((await service.listTokens())[0]!.pin.countLow).toBe(true);

    const outcome = await service.login(peer.serial, peer.pin);
    expect(outcome.token).toMatchObject({ loggedIn: true, pin: { countLow: false, finalTry: false, locked: false } });
  });

  it('signs a SHA-256 digest inside the token with RSA PKCS#1 v1.5 and ECDSA P-256, as OpenSSL verifies it', async () => {
    for (const kind of ['rsa', 'ec'] as const) {
      const digest = createHash('sha256').update(randomBytes(64)).digest();
      const signed = await service.signDigest({ token: peer.serial, certificateId: peer.keys[kind].id, digest: new Uint8Array(digest) });
      expect(signed.algorithm).toBe(kind === 'rsa' ? 'rsa-pkcs1-sha256' : 'ecdsa-p256-sha256');
      const files = { digest: write(`${kind}.digest`, digest), signature: write(`${kind}.sig`, signed.signature), key: path.join(peer.dir, `${kind}.pub.pem`) };
      const verify = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', files.key, '-in', files.digest, '-sigfile', files.signature, '-pkeyopt', 'digest:sha256'], { encoding: 'utf8' });
      expect(verify.stdout).toContain('Signature Verified Successfully');
      const tampered = write(`${kind}.digest2`, flipByte(digest, 0));
      const refused = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', files.key, '-in', tampered, '-sigfile', files.signature, '-pkeyopt', 'digest:sha256'], { encoding: 'utf8' });
      expect(refused.status).not.toBe(0);
    }
  });

  it('refuses malformed calls at the IPC boundary before the token is touched', async () => {
    const router = createIpcRouter(createServices({ dataDir, version: '0', mode: 'training', host: 'cli', sink: () => undefined, scanners: { sane: false, escl: false, folders: false } }));
    expect(await router.handle('desk:signing:signDigest', [{ token: peer.serial, certificateId: '02', digest: new Uint8Array(31) }])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await router.handle('desk:signing:login', [peer.serial, '12'])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await router.handle('desk:signing:saveSettings', [{ modulePath: 'relative/lib.so', tsaUrl: null, agencyName: null }])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await router.handle('desk:signing:saveSettings', [{ modulePath: '/etc/passwd', tsaUrl: null, agencyName: null }])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await router.handle('desk:signing:saveSettings', [{ modulePath: '/nowhere/libvendor-pkcs11.so', tsaUrl: null, agencyName: null }])).toMatchObject({
      ok: false,
      error: { code: 'signing-module-unavailable', message: expect.stringContaining('Không thấy thư viện ký số') },
    });
    expect(await router.handle('desk:signing:getSettings', [])).toMatchObject({ ok: true, value: { modulePath: null } });
  });
});

describe('PAdES signatures of component PDFs, judged by pdfsig and OpenSSL', () => {
  it.each(['rsa', 'ec'] as const)('B-B with the %s key: incremental update, both validators say intact and trusted, qpdf --check passes', async (kind) => {
    const signed = await service.signPdf({ token: peer.serial, certificateId: peer.keys[kind].id, pdf: component.bytes, sha256: component.sha256, copyForm: 'SAO Y' });
    expect(signed.level).toBe('B-B');
    expect(signed.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/u);
    // The unsigned revision is the untouched prefix: its stored SHA-256 still checks.
    expect(Buffer.from(signed.pdf.subarray(0, component.bytes.length)).equals(Buffer.from(component.bytes))).toBe(true);
    expect(createHash('sha256').update(signed.pdf.subarray(0, component.bytes.length)).digest('hex')).toBe(component.sha256);
    expect(signed.unsignedSha256).toBe(component.sha256);
    expect(signed.bytesAdded).toBe(signed.pdf.length - component.bytes.length);
    const file = write(`signed-bb-${kind}.pdf`, signed.pdf);

    const poppler = pdfsig(file, peer.nssDir);
    expect(poppler, poppler.output).toMatchObject({ signatureValid: true, certificateTrusted: true, wholeDocument: true, subFilter: 'ETSI.CAdES.detached' });
    const openssl = opensslVerify(signed.pdf, peer.root.file, peer.keys[kind].der);
    expect(openssl, openssl.output).toMatchObject({ verified: true, signingCertificateV2Matches: true, hasSigningTime: false });
    expect(qpdfCheck(file).ok).toBe(true);

    // The time is the dictionary's /M, in Vietnam time.
    const text = Buffer.from(signed.pdf).toString('latin1');
    expect(text).toMatch(/\/M \(D:\d{14}\+07'00'\)/u);
    // The appearance font is embedded (PDF/A-2b): pdffonts lists it as embedded.
    expect(run('pdffonts', [file])).toMatch(/NotoSerif\S*\s+CID TrueType\s+Identity-H\s+yes/u);
    const widget = signatureWidget(file);
    expect(widget.flags & 4).toBe(4);
    expect(widget.rect[2]!).toBeGreaterThan(widget.mediaBox[2]! * 0.9);
    expect(widget.rect[3]!).toBeGreaterThan(widget.mediaBox[3]! * 0.9);

    const verification = await verifyPdfSignatures(signed.pdf, (await loadTrustStore(path.join(dataDir, 'trust'))).certificates);
    expect(verification.verdict).toBe('valid');
    expect(verification.signatures[0]).toMatchObject({ level: 'PAdES B-B', intact: true, changedAfter: 'none', chain: { trusted: true }, revocation: { present: false } });
  });

  it('B-T with a local RFC 3161 TSA (openssl ts): the time-stamp covers the signature value and both validators accept it', async () => {
    const settings = await service.getSettings();
    await service.saveSettings({ ...settings, tsaUrl: tsa.url });
    try {
      const before = tsa.requests;
      const signed = await service.signPdf({ token: peer.serial, certificateId: peer.keys.ec.id, pdf: component.bytes, sha256: component.sha256 });
      expect(tsa.requests).toBe(before + 1);
      expect(signed.level).toBe('B-T');
      expect(signed.timestampedAt).toMatch(/\+07:00$/u);
      const file = write('signed-bt-ec.pdf', signed.pdf);
      expect(pdfsig(file, peer.nssDir)).toMatchObject({ signatureValid: true, certificateTrusted: true, wholeDocument: true });
      expect(opensslVerify(signed.pdf, peer.root.file, peer.keys.ec.der)).toMatchObject({ verified: true, signingCertificateV2Matches: true, hasSigningTime: false });
      const stamp = opensslVerifyTimestamp(signed.pdf, peer.root.file, peer.intermediate.file);
      expect(stamp.verified, stamp.output).toBe(true);
      expect(qpdfCheck(file).ok).toBe(true);

      const verification = await verifyPdfSignatures(signed.pdf, (await loadTrustStore(path.join(dataDir, 'trust'))).certificates);
      expect(verification.verdict).toBe('valid');
      expect(verification.signatures[0]).toMatchObject({ level: 'PAdES B-T', timestamp: { valid: true, trusted: true, authority: expect.stringContaining('Desk Test TSA') } });

      // The CLI says so in Vietnamese, reading trust roots from <dataDir>/trust.
      const cli = await verifyPdfCli('--data-dir', dataDir, file);
      expect(cli.status, cli.stdout).toBe(0);
      expect(cli.stdout).toContain('Chữ ký 1 (trường Signature1): HỢP LỆ');
      expect(cli.stdout).toMatch(/Thời gian ký: .*\+07:00 theo dấu thời gian của Desk Test TSA.*\(hợp lệ, tin cậy\)/u);
      expect(cli.stdout).toContain('Dữ liệu kiểm tra thu hồi (CRL/OCSP): không có trong tệp');
      expect(cli.stdout).toContain('Kết luận: HỢP LỆ');
    } finally {
      await service.saveSettings({ ...settings, tsaUrl: null });
    }
  });

  it('a one-byte change after signing is caught by pdfsig, by OpenSSL and by verify-pdf', async () => {
    const signed = await service.signPdf({ token: peer.serial, certificateId: peer.keys.rsa.id, pdf: component.bytes, copyForm: 'SAO Y' });
    const [, b] = extractLastSignature(signed.pdf).byteRange as [number, number, number, number];
    // A byte inside the first page's image stream, well within the first signed range.
    const changed = flipByte(signed.pdf, Math.floor(b / 2));
    const file = write('tampered.pdf', changed);
    const poppler = pdfsig(file, peer.nssDir);
    expect(poppler.signatureValid, poppler.output).toBe(false);
    expect(opensslVerify(changed, peer.root.file, peer.keys.rsa.der).verified).toBe(false);
    const verification = await verifyPdfSignatures(changed, (await loadTrustStore(path.join(dataDir, 'trust'))).certificates);
    expect(verification.verdict).toBe('invalid');
    expect(verification.signatures[0]!.intact).toBe(false);
    const cli = await verifyPdfCli('--data-dir', dataDir, file);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('NỘI DUNG ĐÃ BỊ THAY ĐỔI sau khi ký');
    expect(cli.stdout).toContain('Kết luận: KHÔNG HỢP LỆ');
  });

  it('a second signature goes in a second incremental update; the first then reads as followed by a later signature', async () => {
    const first = await service.signPdf({ token: peer.serial, certificateId: peer.keys.ec.id, pdf: component.bytes });
    const second = await service.signPdf({ token: peer.serial, certificateId: peer.keys.rsa.id, pdf: first.pdf });
    expect(Buffer.from(second.pdf.subarray(0, first.pdf.length)).equals(Buffer.from(first.pdf))).toBe(true);
    const file = write('signed-twice.pdf', second.pdf);
    expect(qpdfCheck(file).ok).toBe(true);
    expect(run('pdfsig', ['-nssdir', `sql:${peer.nssDir}`, file]).match(/Signature is Valid\./gu)).toHaveLength(2);
    expect(opensslVerify(second.pdf, peer.root.file, peer.keys.rsa.der)).toMatchObject({ verified: true, signingCertificateV2Matches: true });
    const verification = await verifyPdfSignatures(second.pdf, (await loadTrustStore(path.join(dataDir, 'trust'))).certificates);
    expect(verification.verdict).toBe('valid');
    expect(verification.signatures.map((s) => [s.field, s.changedAfter])).toEqual([
      ['Signature1', 'later-signatures'],
      ['Signature2', 'none'],
    ]);
  });

  it('on a first page turned 90°, the box sits in the corner the reader sees as top right', async () => {
    const signed = await service.signPdf({ token: peer.serial, certificateId: peer.keys.ec.id, pdf: rotated.bytes });
    const file = write('signed-rotated.pdf', signed.pdf);
    expect(pdfsig(file, peer.nssDir)).toMatchObject({ signatureValid: true, certificateTrusted: true });
    expect(opensslVerify(signed.pdf, peer.root.file, peer.keys.ec.der)).toMatchObject({ verified: true, signingCertificateV2Matches: true });
    expect(qpdfCheck(file).ok).toBe(true);
    const widget = signatureWidget(file);
    expect(widget.rotate).toBe(90);
    // /Rotate 90 turns the page clockwise: the unrotated top-left corner is shown at the top right.
    expect(widget.rect[0]!).toBeLessThan(widget.mediaBox[2]! * 0.1);
    expect(widget.rect[3]!).toBeGreaterThan(widget.mediaBox[3]! * 0.9);
    // The box is taller than wide in page space: its text runs along the page's height, upright for the reader.
    expect(widget.rect[3]! - widget.rect[1]!).toBeGreaterThan(widget.rect[2]! - widget.rect[0]!);
  });

  it('a token pulled out mid-batch stops with a Vietnamese error: signed files are kept, the rest wait unsigned', async () => {
    const files = await Promise.all([0, 1, 2, 3].map(async (i) => ({ id: `f${i}`, ...(i === 0 ? component : await makeComponent()) })));
    const inputs = files.map((f) => ({ id: f.id, pdf: f.bytes, sha256: f.sha256 }));
    const stored = new Map<string, Uint8Array>();
    const outcome = await signPdfBatch((request) => service.signPdf(request), { token: peer.serial, certificateId: peer.keys.ec.id }, inputs, (id, result) => {
      stored.set(id, result.pdf);
      if (stored.size === 2) peer.removeToken();
    });
    expect(outcome.signed.map((s) => s.id)).toEqual(['f0', 'f1']);
    expect(outcome.pending).toEqual(['f2', 'f3']);
    expect(outcome.stopped).toMatchObject({ code: 'signing-token-removed' });
    expect(outcome.stopped!.message).toMatch(/^Thiết bị ký số \(token\) đã bị rút ra trong khi ký\. Các tệp đã ký vẫn được giữ/u);
    for (const [id, pdf] of stored) {
      expect(pdfsig(write(`batch-${id}.pdf`, pdf), peer.nssDir)).toMatchObject({ signatureValid: true, certificateTrusted: true });
      expect(opensslVerify(pdf, peer.root.file, peer.keys.ec.der).verified).toBe(true);
    }
    // The files still waiting are exactly as they were stored.
    for (const file of files.slice(2)) expect(createHash('sha256').update(inputs.find((i) => i.id === file.id)!.pdf).digest('hex')).toBe(file.sha256);
    expect((await service.listTokens()).some((t) => t.serial === peer.serial)).toBe(false);
    expect(readFileSync(path.join(dataDir, 'trust', 'desk-test-root.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });
});
