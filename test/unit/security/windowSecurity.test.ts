import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, isAppUrl, secureWebPreferences } from '../../../main/security/windowSecurity';

const mainIndex = readFileSync(path.resolve(__dirname, '../../../main/index.ts'), 'utf8');

describe('Electron security baseline', () => {
  it('keeps every hardening option of the window', () => {
    expect(secureWebPreferences('/preload.js')).toEqual({
      preload: '/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: true,
    });
  });

  it('main/index.ts builds its windows only from the secure preferences and locks navigation', () => {
    expect(mainIndex).toContain('webPreferences: secureWebPreferences(');
    expect(mainIndex.match(/new BrowserWindow\(/g)).toHaveLength(1);
    expect(mainIndex).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(mainIndex).toContain("'will-navigate'");
    expect(mainIndex).toContain('setPermissionRequestHandler');
    expect(mainIndex).toContain('app.enableSandbox()');
    expect(mainIndex).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/);
    expect(mainIndex).not.toContain('file://');
  });

  it('serves a CSP without inline script, eval or plugins', () => {
    const csp = buildContentSecurityPolicy({ connectSources: ['https://dvc.example.gov.vn'] });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://dvc.example.gov.vn");
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
  });

  it('recognises only the app origin as trusted', () => {
    expect(isAppUrl('app://desk/index.html')).toBe(true);
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'https://desk/', 'app:desk', '', null, undefined, 'javascript:alert(1)']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});
