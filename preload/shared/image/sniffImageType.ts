/** The file types the desk recognises by their first bytes. */
export type ImageType = 'jpeg' | 'png' | 'tiff' | 'webp' | 'jp2' | 'pdf';

/** The MIME type of each recognised type. */
export const IMAGE_TYPE_MIME = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  webp: 'image/webp',
  jp2: 'image/jp2',
  pdf: 'application/pdf',
} as const satisfies Record<ImageType, string>;

const SIGNATURES: ReadonlyArray<{ type: ImageType; prefix: ReadonlyArray<number | undefined> }> = [
  { type: 'jpeg', prefix: [0xff, 0xd8, 0xff] },
  { type: 'png', prefix: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'tiff', prefix: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'tiff', prefix: [0x4d, 0x4d, 0x00, 0x2a] },
  // "RIFF", four length bytes, "WEBP".
  { type: 'webp', prefix: [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50] },
  // JPEG 2000: the JP2 box signature, or a bare codestream (SOC + SIZ).
  { type: 'jp2', prefix: [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20] },
  { type: 'jp2', prefix: [0xff, 0x4f, 0xff, 0x51] },
  { type: 'pdf', prefix: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/**
 * The type of a file by its magic bytes; file names, extensions and browser guesses are never
 * trusted. Returns undefined for anything else (never throws, whatever the bytes).
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const match = SIGNATURES.find(({ prefix }) => bytes.length >= prefix.length && prefix.every((b, i) => b === undefined || bytes[i] === b));
  return match?.type;
}

