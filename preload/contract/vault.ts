import { z } from 'zod';
import { defineService } from './defineService';

export const DataKey = z.object({
  /** 32 random bytes, base64: the AES-256-GCM key of personal data in IndexedDB. */
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** What protects it at rest in main: the OS keychain (Electron safeStorage) or only a key file. */
  protection: z.enum(['os-keychain', 'key-file']),
});
export type DataKey = z.infer<typeof DataKey>;

export const vaultService = defineService(
  'vault',
  {
    /** The database's data key, created on first use and kept only in main's secret store. */
    dataKey: { args: z.tuple([]), result: DataKey },
  },
  {},
);
