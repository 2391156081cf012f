import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

export interface DeclaredFile {
  name: string;
  sha256: string;
  size: number;
}

export interface GatewayDossier {
  id: string;
  /** SHA-256 of the declared metadata, to tell a repeat from a conflicting redeclaration. */
  digest: string;
  metadata: Record<string, unknown> & { files: DeclaredFile[] };
  /** Uploaded and verified files by name: upload id. */
  uploads: Record<string, string>;
  deliveredAt?: string;
}

export interface StatusChange {
  seq: number;
  dossierId: string;
  status: number;
  at: string;
  note?: string;
}

type Entry =
  | { type: 'declare'; id: string; digest: string; metadata: GatewayDossier['metadata'] }
  | { type: 'file'; id: string; name: string; uploadId: string }
  | { type: 'deliver'; id: string; at: string }
  | { type: 'status'; change: StatusChange };

/**
 * The gateway's embedded database: an append-only JSON-lines journal, fsync'ed after every entry and
 * replayed at start, so a gateway killed at any moment comes back with every acknowledged write.
 * A torn last line (crash mid-write) is ignored, as it was never acknowledged.
 */
export class GatewayJournal {
  readonly dossiers = new Map<string, GatewayDossier>();
  readonly statuses: StatusChange[] = [];
  private readonly fd: number;

  constructor(file: string) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        this.apply(JSON.parse(line) as Entry);
      } catch {
        break;
      }
    }
    this.fd = openSync(file, 'a');
  }

  private apply(entry: Entry): void {
    switch (entry.type) {
      case 'declare':
        this.dossiers.set(entry.id, { id: entry.id, digest: entry.digest, metadata: entry.metadata, uploads: {} });
        break;
      case 'file':
        this.dossiers.get(entry.id)!.uploads[entry.name] = entry.uploadId;
        break;
      case 'deliver':
        this.dossiers.get(entry.id)!.deliveredAt = entry.at;
        break;
      case 'status':
        this.statuses.push(entry.change);
        break;
    }
  }

  append(entry: Entry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
    this.apply(entry);
  }

  close(): void {
    closeSync(this.fd);
  }
}
