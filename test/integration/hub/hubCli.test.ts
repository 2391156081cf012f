/**
 * `npm run cli -- hub` as an administrator uses it: the hub runs in one process, `hub enrol`,
 * `hub desks` and `hub revoke` from another reach it through its admin file (the embedded
 * database is open in one process only) or, with no hub running, the database itself.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/useCleanups';
import { startHubProcess, type HubProcess, type HubProcessOptions } from '../../support/hub/startHubProcess';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const cleanups = useCleanups();

const tempDir = () => cleanups.tempDir('motcua-hub-cli-');

const cli = (...args: string[]) => run(tsx, ['main/cli.ts', 'hub', ...args], { cwd: root, timeout: 120_000 });

/** Starts `hub` (stopped after the test) and waits for the line that gives its address. */
async function serve(dataDir: string, options: Partial<HubProcessOptions> = {}): Promise<HubProcess> {
  const hub = await startHubProcess({ dataDir, port: 0, ...options });
  cleanups.defer(() => hub.stop());
  return hub;
}

async function enrolAt(url: string, code: string) {
  const reply = await fetch(`${url}/api/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  return { status: reply.status, body: (await reply.json()) as { token?: string; slot?: number; message?: string } };
}

describe('hub on the command line', () => {
  it('enrols, lists and revokes desks while the hub runs, and on its database when it does not', async () => {
    const data = await tempDir();
    const hub = await serve(data);
    const { url } = hub;
    const { stdout } = await cli('enrol', '--data', data, '--desk', 'Bàn 2');
    const code = /: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/.exec(stdout)?.[1];
    expect(code, stdout).toBeDefined();
    const enrolled = await enrolAt(url, code!);
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.slot).toBe(1);
    expect((await stat(path.join(data, 'hub-admin.json'))).mode & 0o777).toBe(0o600);

    const desks = JSON.parse((await cli('desks', '--data', data)).stdout) as Array<{ name: string; slot: number; revokedAt: string | null }>;
    expect(desks).toMatchObject([{ name: 'Bàn 2', slot: 1, revokedAt: null }]);
    expect((await cli('revoke', '--data', data, '--desk', 'Bàn 2')).stdout).toContain('Đã thu hồi bàn "Bàn 2"');
    expect((await fetch(`${url}/api/v1/status`, { headers: { Authorization: `Bearer ${enrolled.body.token}` } })).status).toBe(401);
    // The admin routes answer only the admin token.
    expect((await fetch(`${url}/api/v1/admin/desks`, { headers: { Authorization: `Bearer ${enrolled.body.token}` } })).status).toBe(403);

    await hub.stop();
    await expect(stat(path.join(data, 'hub-admin.json'))).rejects.toThrow();
    // No hub running: the command opens the database itself, and the data outlived the restart.
    const offline = JSON.parse((await cli('desks', '--data', data)).stdout) as Array<{ name: string; revokedAt: string | null }>;
    expect(offline).toHaveLength(1);
    expect(offline[0]!.revokedAt).not.toBeNull();
    const second = await cli('enrol', '--data', data, '--desk', 'Bàn 2', '--supervisor');
    expect(second.stdout).toContain('(bàn giám sát)');
  });

  it('refuses plain HTTP on a network address, and serves TLS with a configured certificate', async () => {
    const data = await tempDir();
    const refused = await cli('--data', data, '--listen', '0.0.0.0:0').catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('chỉ chạy HTTP thường trên địa chỉ nội bộ');

    const cert = path.join(data, 'hub.crt');
    const key = path.join(data, 'hub.key');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    const { url } = await serve(data, { host: '0.0.0.0', extraArgs: ['--tls-cert', cert, '--tls-key', key] });
    expect(url).toMatch(/^https:\/\//);
    const port = new URL(url).port;
    const ca = await readFile(cert);
    const health = await new Promise<string>((resolve, reject) => {
      https.get({ host: '127.0.0.1', port, path: '/api/v1/health', ca }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    expect(JSON.parse(health)).toEqual({ ok: true, protocol: 1 });
  });
});
