import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAppProtocolHandler } from '../../../main/security/createAppProtocolHandler';
import { buildContentSecurityPolicy } from '../../../main/security/windowSecurity';

let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'motcua-proto-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), 'do not serve');
  handler = createAppProtocolHandler({ rootDir: root, contentSecurityPolicy: () => buildContentSecurityPolicy() });
});

describe('app:// protocol handler', () => {
  it('serves files with their type and the CSP', async () => {
    const response = await handler(new Request('app://desk/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for routes but 404s missing assets', async () => {
    expect(await (await handler(new Request('app://desk/dossiers/abc'))).text()).toContain('<title>app</title>');
    expect((await handler(new Request('app://desk/assets/missing.js'))).status).toBe(404);
  });

  it('refuses writes', async () => {
    expect((await handler(new Request('app://desk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('never serves a file outside the renderer folder, whatever the path', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const response = await handler(new Request(`app://desk${attempt}`));
      expect(await response.text()).not.toContain('do not serve');
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('..', '%2e%2e', '%2f', 'assets', 'secret.txt', '.', '%00', '\\', '%5c'), { maxLength: 8 }), async (parts) => {
        let response: Response;
        try {
          response = await handler(new Request(`app://desk/${parts.join('/')}`));
        } catch {
          return;
        }
        if (response.status === 200) expect(await response.text()).not.toContain('do not serve');
      }),
      { numRuns: 200 },
    );
  });
});
