import { sha256Hex } from '../bytes/sha256Hex';

export interface FileDigest {
  name: string;
  sha256: string;
}

/**
 * The short code printed on the receipt that stands for every digitized file of a dossier: the
 * SHA-256 of the sorted "name<TAB>sha256" lines, first 10 hex digits in two groups (e.g. "3F2A9-C1B07").
 * Anyone holding the files can recompute it; a changed, added or missing file changes it.
 */
export async function filesFingerprint(files: readonly FileDigest[]): Promise<string> {
  const lines = files.map((file) => `${file.name}\t${file.sha256.toLowerCase()}`).sort();
  const digest = (await sha256Hex(new TextEncoder().encode(lines.join('\n')))).toUpperCase();
  return `${digest.slice(0, 5)}-${digest.slice(5, 10)}`;
}
