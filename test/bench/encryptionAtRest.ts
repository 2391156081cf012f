/**
 * What encryption personal data at rest costs: pages (image + OCR text) written to and read back from
 * IndexedDB in Chromium, plain and through the AES-256-GCM middleware, in the same run.
 */
import { bench, openBenchPage } from './benchPage';

interface Rates {
  cipherRoundTripMBps: number;
  plainWriteMBps: number;
  encryptedWriteMBps: number;
  plainReadMBps: number;
  encryptedReadMBps: number;
}

async function main() {
  const session = await openBenchPage();
  try {
    for (const size of [{ count: 60, bytes: 300_000 }, { count: 300, bytes: 20_000 }]) {
      const r = await bench<Rates>(session.page, 'encryption', { ...size, rounds: 3 });
      const label = `${size.count} trang × ${Math.round(size.bytes / 1000)} kB`;
      process.stdout.write(
        `${label}: ghi ${r.encryptedWriteMBps.toFixed(1)} MB/s mã hóa / ${r.plainWriteMBps.toFixed(1)} MB/s thường = ${(r.encryptedWriteMBps / r.plainWriteMBps).toFixed(2)}×; ` +
          `đọc ${r.encryptedReadMBps.toFixed(1)} / ${r.plainReadMBps.toFixed(1)} MB/s = ${(r.encryptedReadMBps / r.plainReadMBps).toFixed(2)}×; ` +
          `riêng mã hóa + giải mã (không cơ sở dữ liệu) ${r.cipherRoundTripMBps.toFixed(1)} MB/s\n`,
      );
    }
  } finally {
    await session.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
