import type { Hub } from '../../../main/hub/startHub';
import { createGatewayClient, type DossierMetadata } from '../../../preload/shared/sync/createGatewayClient';
import { sha256Hex } from '../../../preload/shared/bytes/sha256Hex';
import { patternBytes } from '../sync/patternBytes';

export interface HubDelivery {
  id: string;
  metadata: DossierMetadata;
  files: Array<{ name: string; bytes: Uint8Array<ArrayBuffer>; sha256: string }>;
}

/** tus as the desk speaks it: the whole file in one PATCH (resumption is tested elsewhere). */
async function tusUpload(uploadUrl: string, bytes: Uint8Array<ArrayBuffer>, token: string): Promise<void> {
  const response = await fetch(uploadUrl, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}`, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    body: bytes,
  });
  if (response.status !== 204) throw new Error(`tus PATCH answered ${response.status}`);
}

/**
 * A dossier declared by a desk with the desk's own gateway client, its files (deterministic
 * incompressible bytes) uploaded over tus and, unless `commit` is false, committed. With
 * `revision`, it is that revision of a dossier sent back for rescanning (the same file names).
 */
export async function deliverToHub(
  hub: Pick<Hub, 'url'>,
  token: string,
  dossier: { id: string; code: string; procedureCode: string; receivedAt: string; officer?: { id: string; name: string }; sizes: number[]; seed: number; commit?: boolean; revision?: number },
): Promise<HubDelivery> {
  const files = await Promise.all(
    dossier.sizes.map(async (size, index) => {
      const bytes = patternBytes(size, dossier.seed + index);
      return { name: `${dossier.code}_thanh-phan-${index + 1}.pdf`, bytes, sha256: await sha256Hex(bytes) };
    }),
  );
  const metadata: DossierMetadata = {
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    receivedAt: dossier.receivedAt,
    dueAt: '20261231170000',
    applicant: { idNumber: '001085012345', fullName: `Người nộp ${dossier.code.slice(-4)}` },
    ...(dossier.officer ? { officer: dossier.officer } : {}),
    ...(dossier.revision ? { revision: dossier.revision } : {}),
    files: files.map((file) => ({ name: file.name, sha256: file.sha256, size: file.bytes.length })),
  };
  const client = createGatewayClient({ serverUrl: hub.url, token });
  await client.declare(dossier.id, metadata);
  if (dossier.commit !== false) {
    for (const file of files) await tusUpload(await client.createUpload({ dossierId: dossier.id, name: file.name, sha256: file.sha256, size: file.bytes.length }), file.bytes, token);
    const outcome = await client.commit(dossier.id);
    if (!outcome.delivered) throw new Error(`commit of ${dossier.code} not delivered`);
  }
  return { id: dossier.id, metadata, files };
}
