import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sniffImageMime } from '../../../renderer/operations/dossier/readImageFile';
import { makePng } from '../../support/makePng';

describe('image signature sniffing', () => {
  it('recognises the formats the desk accepts', () => {
    expect(sniffImageMime(makePng(4, 4).subarray(0, 16))).toBe('image/png');
    expect(sniffImageMime(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffImageMime(Uint8Array.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]))).toBe('image/tiff');
    expect(sniffImageMime(Uint8Array.from([0x4d, 0x4d, 0x00, 0x2a]))).toBe('image/tiff');
    expect(sniffImageMime(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses PDFs, text and empty input', () => {
    expect(sniffImageMime(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined();
    expect(sniffImageMime(new TextEncoder().encode('không phải ảnh'))).toBeUndefined();
    expect(sniffImageMime(new Uint8Array(0))).toBeUndefined();
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
        const mime = sniffImageMime(bytes);
        expect(mime === undefined || mime.startsWith('image/')).toBe(true);
      }),
    );
  });
});
