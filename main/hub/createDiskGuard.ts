import { statfs } from 'node:fs/promises';
import { HubFailure } from './HubFailure';

/** How long a desk is asked to wait before it tries again when the hub's disk is full. */
export const DISK_FULL_RETRY_AFTER_SECONDS = 30;

export interface DiskGuard {
  /** Free bytes of the files folder's file system now. */
  freeBytes(): Promise<number>;
  /**
   * Refuses, before a byte is read, a request that would need `bytes` more than the files folder
   * can take while keeping its reserve: a 507 the desk retries later, keeping the dossier queued.
   */
  require(bytes: number): Promise<void>;
  /** Whether a failed write was the disk filling up (the file store reports every write failure alike). */
  isFull(): Promise<boolean>;
}

/** The refusal a desk sees when the hub has no room: retryable, with the wait in `Retry-After`. */
export function diskFullFailure(detail: string): HubFailure {
  return new HubFailure('hub-disk-full', 'Máy chủ văn phòng đã hết chỗ lưu tệp. Hồ sơ vẫn nằm trong hàng đợi của bàn và sẽ được gửi khi máy chủ có chỗ.', detail, 507);
}

/**
 * The files folder's free space, checked where an upload would start to fill it. A full disk is
 * a passing state of the hub (an administrator frees space), so it is answered as a retryable
 * refusal instead of the file store's generic 500, and nothing half-written is acknowledged.
 */
export function createDiskGuard(directory: string, reserveBytes = 1024 * 1024): DiskGuard {
  const freeBytes = async () => {
    const stats = await statfs(directory);
    return Number(stats.bavail) * Number(stats.bsize);
  };
  return {
    freeBytes,
    async require(bytes) {
      const free = await freeBytes();
      if (free - Math.max(0, bytes) < reserveBytes) throw diskFullFailure(`${free} bytes free, ${bytes} needed with a reserve of ${reserveBytes}`);
    },
    async isFull() {
      return (await freeBytes()) < reserveBytes;
    },
  };
}
