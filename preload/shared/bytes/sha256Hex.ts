/**
 * SHA-256 of bytes as lowercase hex, through WebCrypto (`crypto.subtle`), which both Node 20 and
 * the renderer's workers provide, so the CLI and the app compute the same seal.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
