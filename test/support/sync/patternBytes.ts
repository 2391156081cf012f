/**
 * Deterministic incompressible bytes (xorshift32) with a PDF header, the same in Node and in the
 * browser, so a test can tell any corruption from the original and a benchmark can give curl the
 * very bytes the desk uploads.
 */
export function patternBytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed | 1;
  const words = new Uint32Array(out.buffer, 0, Math.floor(size / 4));
  for (let i = 0; i < words.length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  out.set(new TextEncoder().encode('%PDF-1.7\n'));
  return out;
}
