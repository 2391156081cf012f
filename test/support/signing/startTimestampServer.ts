import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { requireTools } from '../ocr/requireTools';

export interface TimestampServer {
  url: string;
  /** Requests answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * A local RFC 3161 time-stamp authority: OpenSSL's `openssl ts -reply` behind a small HTTP server on
 * 127.0.0.1 (POST application/timestamp-query → application/timestamp-reply), signing with the
 * given TSA certificate and key and sending its chain. `fail: true` answers HTTP 503 instead.
 */
export async function startTimestampServer(options: { cert: string; key: string; chain: string; fail?: boolean }): Promise<TimestampServer> {
  requireTools('openssl');
  const dir = mkdtempSync(path.join(path.dirname(options.cert), 'tsa-'));
  writeFileSync(path.join(dir, 'serial'), '01\n');
  const config = path.join(dir, 'tsa.cnf');
  writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = desk_tsa',
      '[ desk_tsa ]',
      `serial = ${path.join(dir, 'serial')}`,
      `signer_cert = ${options.cert}`,
      `signer_key = ${options.key}`,
      `certs = ${options.chain}`,
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let requests = 0;
  let sequence = 0;
  const answer = (query: Buffer): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      sequence += 1;
      const queryFile = path.join(dir, `q${sequence}.tsq`);
      const replyFile = path.join(dir, `r${sequence}.tsr`);
      writeFileSync(queryFile, query);
      const child = spawn('openssl', ['ts', '-reply', '-config', config, '-queryfile', queryFile, '-out', replyFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(readFileSync(replyFile)) : reject(new Error(`openssl ts -reply exited ${code}: ${stderr}`))));
    });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      if (options.fail || request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
        response.writeHead(options.fail ? 503 : 400).end();
        return;
      }
      answer(Buffer.concat(chunks)).then(
        (reply) => response.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': reply.length }).end(reply),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
