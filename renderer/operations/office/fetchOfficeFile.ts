import { getOfficeCache } from '../../db/officeCacheDatabase';
import { addOfficeFilePart, completeOfficeFile, dropOfficeFileParts, getOfficeFile, officeFileParts, officeFilePartsSize } from '../../db/queries/officeCache';
import { getDesk } from '../../platform/desk';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';

/** Bytes asked of main per call: small enough that a broken link loses little, large enough to be quick. */
const PART_BYTES = 1024 * 1024;

export interface OfficeFileRef {
  dossierId: string;
  name: string;
  /** As declared by the desk that delivered it: what the bytes must hash to. */
  sha256: string;
  size: number;
}

/** Where a file is kept in the office cache: a file of other content is another entry. */
export function officeFileKey(file: OfficeFileRef): string {
  return `${file.dossierId}:${file.sha256}:${file.name}`;
}

/**
 * A component PDF of any desk's dossier, fetched from the hub through main on demand. Parts are
 * kept (encrypted at rest) as they come, so a download broken by the link resumes from the bytes
 * already here (HTTP Range at the hub); the whole file is checked against the SHA-256 its desk
 * declared before it is kept and shown, and a mismatch is thrown away, never shown.
 */
export async function fetchOfficeFile(file: OfficeFileRef, onProgress: (received: number, total: number) => void = () => {}): Promise<Blob> {
  const cache = getOfficeCache();
  const key = officeFileKey(file);
  const kept = await getOfficeFile(cache, key);
  if (kept) return kept.data;
  let received = await officeFilePartsSize(cache, key);
  onProgress(received, file.size);
  while (received < file.size) {
    const reply = await getDesk().office.filePart({ dossierId: file.dossierId, name: file.name, offset: received, length: Math.min(PART_BYTES, file.size - received) });
    if (!reply.ok) throw new DeskFailure(reply.error.code, reply.error.message, reply.error.detail);
    const part = reply.value;
    if (part.total !== file.size || part.bytes.length === 0) {
      await dropOfficeFileParts(cache, key);
      throw new DeskFailure('office-file-size', `Tệp ${file.name} trên máy chủ văn phòng có kích thước khác với khi bàn tiếp nhận khai báo; không hiển thị.`, `${part.total} bytes, declared ${file.size}`);
    }
    await addOfficeFilePart(cache, key, received, new Uint8Array(part.bytes));
    received += part.bytes.length;
    onProgress(received, file.size);
  }
  const data = new Blob(await officeFileParts(cache, key), { type: 'application/pdf' });
  const actual = await sha256Hex(new Uint8Array(await data.arrayBuffer()));
  if (actual !== file.sha256) {
    await dropOfficeFileParts(cache, key);
    throw new DeskFailure('office-file-hash-mismatch', `Tệp ${file.name} tải về không khớp mã SHA-256 mà bàn tiếp nhận đã khai báo, nên không hiển thị. Bản tải về đã được bỏ; hãy thử tải lại.`, `got ${actual}, declared ${file.sha256}`);
  }
  await completeOfficeFile(cache, { fileKey: key, dossierId: file.dossierId, name: file.name, sha256: file.sha256, data, fetchedAt: Date.now() });
  return data;
}
