import { describe, expect, it } from 'vitest';
import { createIpcRouter } from '../../main/ipc/createIpcRouter';
import { createServices } from '../../main/services/createServices';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

function services() {
  return createServices({ dataDir: '/nonexistent', version: '9.9.9', mode: 'training', host: 'cli', sink: () => {} });
}

describe('IPC router', () => {
  it('answers a contract method with an ok result', async () => {
    const router = createIpcRouter(services());
    const reply = await router.handle('desk:app:getInfo', []);
    expect(reply).toMatchObject({ ok: true, value: { version: '9.9.9', mode: 'training', host: 'cli' } });
  });

  it('refuses unknown channels and channels without the prefix', async () => {
    const router = createIpcRouter(services());
    for (const channel of ['desk:app:nope', 'app:getInfo', '', 'desk:__proto__:constructor']) {
      const reply = await router.handle(channel, []);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('refuses malformed arguments before any service runs', async () => {
    const router = createIpcRouter(services());
    const reply = await router.handle('desk:app:getInfo', ['extra']);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Dữ liệu gửi lên không hợp lệ.' } });
    const notArray = await router.handle('desk:app:getInfo', { 0: 1 });
    expect(notArray.ok).toBe(false);
  });

  it('turns a DeskFailure into its Vietnamese message and other errors into an internal error', async () => {
    const s = services();
    s.app.getInfo = async () => {
      throw new DeskFailure('scanner-jammed', 'Máy quét bị kẹt giấy.', 'status Jammed');
    };
    const router = createIpcRouter(s);
    expect(await router.handle('desk:app:getInfo', [])).toEqual({
      ok: false,
      error: { code: 'scanner-jammed', message: 'Máy quét bị kẹt giấy.', detail: 'status Jammed' },
    });
    s.app.getInfo = async () => {
      throw new TypeError('boom');
    };
    const internal = await createIpcRouter(s).handle('desk:app:getInfo', []);
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal', detail: 'TypeError: boom' } });
  });
});
