import { X509Certificate, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signPdfPades } from '../../../main/signing/pades/signPdfPades';
import { copySignatureLines, signatureFontPath } from '../../../main/signing/createSigningService';
import { verifyPdfSignatures, type PdfVerification } from '../../../main/signing/verify/verifyPdfSignatures';
import { verifyCmsSignature } from '../../../main/signing/verify/verifyCmsSignature';
import { signedAttributesOf } from '../../../main/signing/cmsSignedAttributes';
import { packageScannedPdf } from '../../../preload/shared/pdf/packageScannedPdf';
import { makePng } from '../../support/makePng';
import { createSoftwareSigner } from '../../support/signing/createSoftwareSigner';
import { extractLastSignature } from '../../support/signing/validators';

const VERDICTS = ['valid', 'invalid', 'unsigned', 'unreadable'];
const SIGNATURE_VERDICTS = ['valid', 'invalid', 'indeterminate'];

let signed: Uint8Array;
let roots: X509Certificate[];
let gap: [number, number];
let cms: Uint8Array;

function expectClearVerdict(verification: PdfVerification): void {
  expect(VERDICTS).toContain(verification.verdict);
  for (const signature of verification.signatures) expect(SIGNATURE_VERDICTS).toContain(signature.verdict);
  if (verification.verdict === 'valid') expect(verification.signatures.length).toBeGreaterThan(0);
}

beforeAll(async () => {
  const { signer, rootPem } = createSoftwareSigner();
  roots = [new X509Certificate(rootPem)];
  const component = await packageScannedPdf({ pages: [{ bytes: new Uint8Array(makePng(120, 160)), dpi: 30 }], component: 'Tờ khai', createdAt: new Date('2026-01-01T00:00:00Z') });
  const result = await signPdfPades({
    pdf: component.bytes,
    signer,
    appearanceLines: (at) => copySignatureLines('Cơ quan thử', at),
    font: new Uint8Array(await readFile(signatureFontPath())),
    signedAt: new Date(),
  });
  signed = result.pdf;
  const signature = extractLastSignature(signed);
  const [, b, c] = signature.byteRange as [number, number, number, number];
  gap = [b, c];
  cms = new Uint8Array(signature.cms);
  expect((await verifyPdfSignatures(signed, roots)).verdict).toBe('valid');
}, 60_000);

describe('verify-pdf on signed files changed from outside', () => {
  it('any one changed byte gives a clear verdict, and never “valid” when the byte is one the signature covers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 255 }), async (where, xor) => {
        const at = where % signed.length;
        const changed = signed.slice();
        changed[at] = changed[at]! ^ xor;
        const verification = await verifyPdfSignatures(changed, roots);
        expectClearVerdict(verification);
        if (at < gap[0] || at >= gap[1]) expect(verification.verdict).not.toBe('valid');
      }),
      { numRuns: 120 },
    );
  });

  it('a cut, an appended tail or a spliced run of bytes gives a clear verdict; a cut or a tail is never “valid”', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({ kind: fc.constant('tail' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }) }),
          fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
        ),
        async (change) => {
          let bytes: Uint8Array;
          if (change.kind === 'cut') bytes = signed.subarray(0, change.at % signed.length);
          else if (change.kind === 'tail') bytes = new Uint8Array([...signed, ...change.bytes]);
          else {
            const at = change.at % signed.length;
            bytes = new Uint8Array([...signed.subarray(0, at), ...change.bytes, ...signed.subarray(at + change.bytes.length)]);
          }
          const verification = await verifyPdfSignatures(bytes, roots);
          expectClearVerdict(verification);
          if (change.kind !== 'splice') expect(verification.verdict).not.toBe('valid');
        },
      ),
      { numRuns: 80 },
    );
  });

  it('the CMS and the certificates in it, changed or replaced by anything, are read without throwing; a change that still checks touched nothing signed', () => {
    const content = createHash('sha256').update(extractLastSignature(signed).signedBytes).digest();
    const original = verifyCmsSignature(cms, () => content);
    expect(original).toMatchObject({ readable: true, digestMatches: true, signatureValid: true, signingCertificate: 'v2-matches' });
    const originalAttributes = Buffer.from(signedAttributesOf(cms)!);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([where, xor]) => {
            const changed = cms.slice();
            changed[where % changed.length] = changed[where % changed.length]! ^ xor;
            return changed;
          }),
        ),
        (bytes) => {
          const check = verifyCmsSignature(bytes, () => content);
          if (check.digestMatches && check.signatureValid && check.signingCertificate === 'v2-matches') {
            // Only unsigned framing (versions, the digest algorithm list) can change and still check.
            expect(Buffer.from(check.signer!.raw).equals(Buffer.from(original.signer!.raw))).toBe(true);
            expect(Buffer.from(signedAttributesOf(bytes)!).equals(originalAttributes)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
