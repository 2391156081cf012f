import type { IncomingMessage } from 'node:http';
import type { UploadHashTap } from './createUploadHashes';

/**
 * A PATCH body for tus that ends where the link broke instead of failing: the tus protocol asks a
 * server to keep as much of an interrupted upload as it received, and bytes already read off the
 * socket but not yet written would otherwise be thrown away with the error (about 0.1–1 MB per cut
 * on a fast link), to be sent again.
 */
export function bodyKeptOnDisconnect(req: IncomingMessage, counted: { uploadBytesReceived: number }, moved: () => void = () => undefined, tap?: UploadHashTap): ReadableStream<Uint8Array> {
  // Not `req[Symbol.asyncIterator]`: when the link breaks, Node destroys the request and its
  // iterator drops what was already buffered (about 11 KB, seen on every slow write); `read()` still
  // hands that out after the destroy.
  let wake: (() => void) | undefined;
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  req.on('readable', signal).on('end', signal).on('close', signal).on('error', signal);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const chunk = req.read() as Buffer | null;
          if (chunk) {
            counted.uploadBytesReceived += chunk.byteLength;
            moved();
            const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            tap?.update(bytes);
            controller.enqueue(bytes);
            return;
          }
          if (req.readableEnded || req.destroyed) return controller.close();
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    },
    { highWaterMark: 0 },
  );
}
