import { importDataKey } from './fieldCipher';

/** Same-origin channel on which the UI thread hands the data key to the workers that open the database. */
const CHANNEL = 'mot-cua-desk.data-key';
const WORKER_WAIT_MS = 15_000;

type KeyMessage = { type: 'request' } | { type: 'key'; key: CryptoKey } | { type: 'error'; message: string };

let local: (() => Promise<CryptoKey>) | undefined;
let fromChannel: Promise<CryptoKey> | undefined;

/**
 * Started once by the UI thread: fetches the key from main on first need, imports it as a
 * non-extractable CryptoKey (script can use it but never read it), and answers workers' requests.
 */
export function startDataKeyBroker(fetchRawKey: () => Promise<Uint8Array<ArrayBuffer>>): void {
  let key: Promise<CryptoKey> | undefined;
  local = () => {
    key ??= fetchRawKey()
      .then(importDataKey)
      .catch((error: unknown) => {
        key = undefined;
        throw error;
      });
    return key;
  };
  const provide = local;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<KeyMessage>) => {
    if (event.data.type !== 'request') return;
    provide().then(
      (cryptoKey) => channel.postMessage({ type: 'key', key: cryptoKey } satisfies KeyMessage),
      (error: unknown) => channel.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies KeyMessage),
    );
  };
}

/** The data key in this realm: directly in the UI thread, asked of the UI thread in a worker. */
export function getDataKey(): Promise<CryptoKey> {
  if (local) return local();
  fromChannel ??= new Promise<CryptoKey>((resolve, reject) => {
    const channel = new BroadcastChannel(CHANNEL);
    const timer = setTimeout(() => {
      channel.close();
      reject(new Error('Không nhận được khóa dữ liệu từ cửa sổ chính của ứng dụng.'));
    }, WORKER_WAIT_MS);
    channel.onmessage = (event: MessageEvent<KeyMessage>) => {
      if (event.data.type === 'request') return;
      clearTimeout(timer);
      channel.close();
      if (event.data.type === 'key') resolve(event.data.key);
      else reject(new Error(event.data.message));
    };
    channel.postMessage({ type: 'request' } satisfies KeyMessage);
  }).catch((error: unknown) => {
    fromChannel = undefined;
    throw error;
  });
  return fromChannel;
}
