import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Loads the CSCA trust store: every certificate (DER or PEM, several per PEM file allowed) in the
 * folder. A missing folder is an empty store, so chips then read as "not verified", never as
 * verified. Unreadable files are reported, not fatal.
 */
export async function loadTrustStore(dir: string | undefined): Promise<{ certificates: X509Certificate[]; problems: string[] }> {
  const certificates: X509Certificate[] = [];
  const problems: string[] = [];
  if (!dir) return { certificates, problems };
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { certificates, problems };
  }
  for (const name of names.sort()) {
    if (!/\.(cer|crt|der|pem)$/iu.test(name)) continue;
    try {
      const bytes = await readFile(path.join(dir, name));
      const text = bytes.toString('latin1');
      const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/gu);
      if (pems) for (const pem of pems) certificates.push(new X509Certificate(pem));
      else certificates.push(new X509Certificate(bytes));
    } catch (error) {
      problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { certificates, problems };
}
