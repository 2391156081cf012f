import http from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bodyKeptOnDisconnect } from '../../../main/hub/bodyKeptOnDisconnect';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `sent` bytes of a body announced as longer, then closes the link; the server reads the body
 * through `bodyKeptOnDisconnect` with a pause after each chunk (a busy disk), so bytes are still
 * buffered in the request when Node destroys it.
 */
async function cutUpload(sent: number, announced: number): Promise<{ received: Buffer; counted: number }> {
  const bytes = Buffer.alloc(sent);
  for (let i = 0; i < sent; i += 1) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
  const counted = { uploadBytesReceived: 0 };
  let server!: http.Server;
  const received = new Promise<Buffer>((resolve, reject) => {
    server = http.createServer((req) => {
      void (async () => {
        const parts: Buffer[] = [];
        const reader = bodyKeptOnDisconnect(req, counted).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parts.push(Buffer.from(value));
          await pause(5);
        }
        resolve(Buffer.concat(parts));
      })().catch(reject);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`PATCH /files/x HTTP/1.1\r\nHost: hub\r\nContent-Length: ${announced}\r\n\r\n`);
      socket.end(bytes, () => socket.destroy());
    });
    const body = await received;
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    return { received: body, counted: counted.uploadBytesReceived };
  } finally {
    server.close();
  }
}

describe('a PATCH body whose link breaks', () => {
  it('hands over every byte that reached the hub, also those still buffered when the request is destroyed', async () => {
    for (let run = 0; run < 3; run += 1) {
      const { received, counted } = await cutUpload(5_000_000, 8_000_000);
      expect(received.length).toBe(5_000_000);
      expect(counted).toBe(5_000_000);
    }
  });

  it('ends normally with the whole body when the link holds', async () => {
    const { received } = await cutUpload(300_000, 300_000);
    expect(received.length).toBe(300_000);
  });
});
