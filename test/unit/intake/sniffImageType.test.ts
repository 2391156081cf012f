import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IMAGE_TYPE_MIME, sniffImageType } from '../../../preload/shared/image/sniffImageType';
import { makePng } from '../../support/makePng';

describe('sniffImageType', () => {
  it('recognises every signature the desk handles', () => {
    expect(sniffImageType(makePng(4, 4))).toBe('png');
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageType(Uint8Array.from([0x49, 0x49, 0x2a, 0x00]))).toBe('tiff');
    expect(sniffImageType(Uint8Array.from([0x4d, 0x4d, 0x00, 0x2a]))).toBe('tiff');
    expect(sniffImageType(new TextEncoder().encode('RIFF\x10\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImageType(Uint8Array.from([0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a]))).toBe('jp2');
    expect(sniffImageType(Uint8Array.from([0xff, 0x4f, 0xff, 0x51]))).toBe('jp2');
    expect(sniffImageType(new TextEncoder().encode('%PDF-1.7'))).toBe('pdf');
  });

  it('refuses truncated signatures, text and empty input', () => {
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8]))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WAVE'))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('không phải ảnh'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array(0))).toBeUndefined();
  });

  it('never throws, and names only types it has a MIME type for', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (bytes) => {
        const type = sniffImageType(bytes);
        expect(type === undefined || type in IMAGE_TYPE_MIME).toBe(true);
      }),
    );
  });
});
