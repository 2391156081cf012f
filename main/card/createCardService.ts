import type { cardService, CardKeySource, ChipReadResult } from '../../preload/contract/card';
import type { EmitterOf, ImplementationOf } from '../../preload/contract/defineService';
import { bacKeysFromQr } from '../../preload/shared/card/bacKeyCandidates';
import { cccdQrProblemMessages, parseCccdQr } from '../../preload/shared/card/cccdQr';
import { mrzKeyFromText } from '../../preload/shared/card/mrz';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { assembleChipRead } from './assembleChipRead';
import { BacRefusedError } from './bac';
import type { BacKey } from './bacKeys';
import { CardDataError } from './cardDataError';
import { cardFailure } from './cardFailure';
import { loadTrustStore } from './loadTrustStore';
import { CardRemovedError, createPcscReaders, type CardReaders, type CardReaderListener, type PcscReaderOptions } from './pcscReaders';
import { CardStatusError } from './readElementaryFile';
import { readEmrtd, UnsupportedCardError } from './readEmrtd';
import { SecureMessagingError } from './secureMessaging';
import { createQrScanners, type HidPort, type HotplugPort } from '../qr/createQrScanners';

export interface CardServiceOptions extends PcscReaderOptions {
  emit: EmitterOf<typeof cardService>;
  /** Folder of trusted CSCA certificates; without one, chips read as "not verified". */
  trustStoreDir?: string;
  /** USB QR scanners (node-hid); started on the first listQrScanners call. */
  qrScanners?: { hid: () => HidPort; hotplug?: () => HotplugPort; keyboardDevices?: string[] };
  /** The PC/SC layer; pcsc-mini's prebuilt addon by default. */
  createReaders?: (options: PcscReaderOptions, listener: CardReaderListener) => CardReaders;
}

export type CardService = ImplementationOf<typeof cardService> & { close(): void };

const fieldNames: Record<string, string> = { documentNumber: 'số thẻ / số hộ chiếu', birthDate: 'ngày sinh', expiryDate: 'ngày hết hạn', personalNumber: 'số cá nhân', composite: 'chữ số kiểm tra tổng' };

/** The BAC keys to try for a key source; bad input is refused before the card is touched. */
export function keysFromSource(source: CardKeySource): BacKey[] {
  if (source.kind === 'fields') return [{ documentNumber: source.documentNumber.toUpperCase(), birthDate: source.birthDate, expiryDate: source.expiryDate }];
  if (source.kind === 'mrz') {
    const parsed = mrzKeyFromText(source.text);
    if (!parsed.ok) {
      throw new DeskFailure('card-bad-key-input', `Dòng MRZ không hợp lệ: sai ${parsed.bad.map((f) => fieldNames[f]).join(', ')}. Hãy kiểm tra lại từng ký tự.`, `MRZ check digits: ${parsed.bad.join(',')}`);
    }
    return [parsed.value];
  }
  const qr = parseCccdQr(source.payload);
  if (!qr.ok) throw new DeskFailure('card-bad-key-input', cccdQrProblemMessages[qr.problem], `QR: ${qr.problem}`);
  const keys = bacKeysFromQr(qr.value);
  if (keys.length === 0) throw new DeskFailure('card-bad-key-input', 'Thẻ không thời hạn: không suy ra được ngày hết hạn từ mã QR. Hãy nhập dòng MRZ ở mặt sau thẻ.', 'no expiry candidate');
  return keys;
}

function toFailure(error: unknown): DeskFailure {
  if (error instanceof DeskFailure) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof BacRefusedError) return cardFailure('wrong-key', detail, error);
  if (error instanceof CardRemovedError) return cardFailure('removed', detail, error);
  if (error instanceof UnsupportedCardError) return cardFailure('unsupported', detail, error);
  if (error instanceof SecureMessagingError) return cardFailure('secure-channel', detail, error);
  if (error instanceof CardDataError || error instanceof CardStatusError) return cardFailure('bad-data', detail, error);
  return cardFailure('io', detail, error);
}

/**
 * The card service: PC/SC readers, and reading a CCCD or ePassport chip end to end (BAC, secure
 * messaging, data groups, passive authentication). Tampered data is refused outright; data that
 * could not be fully verified (no SOD, a damaged face …) is returned marked "unverified" with the reasons.
 */
export function createCardService(options: CardServiceOptions): CardService {
  const listener: CardReaderListener = {
    reader: (reader, event) => options.emit.reader({ reader, event }),
    card: (reader, event, atr) => options.emit.card(atr ? { reader, event, atr } : { reader, event }),
  };
  const readers = (options.createReaders ?? createPcscReaders)({ ...(options.readerFilter ? { readerFilter: options.readerFilter } : {}) }, listener);
  const busy = new Set<string>();

  async function pickReader(name: string | null): Promise<string> {
    const list = await readers.list();
    const error = readers.lastError();
    if (list.length === 0) throw error ? cardFailure('no-service', error.message, error) : cardFailure('no-reader');
    const chosen = name === null ? (list.find((r) => r.cardPresent) ?? list[0]!) : list.find((r) => r.name === name);
    if (!chosen) throw cardFailure('no-reader', `no reader named ${name}`);
    if (!chosen.cardPresent) throw cardFailure('no-card', chosen.name);
    return chosen.name;
  }

  async function read(name: string | null, source: CardKeySource): Promise<ChipReadResult> {
    const keys = keysFromSource(source);
    const readerName = await pickReader(name);
    if (busy.has(readerName)) throw cardFailure('busy', readerName);
    busy.add(readerName);
    try {
      const card = await readers.connect(readerName).catch((error: unknown) => {
        throw toFailure(error);
      });
      let files;
      try {
        files = await readEmrtd(card, keys, (progress) => options.emit.progress({ reader: readerName, ...progress }));
      } finally {
        await card.close().catch(() => undefined);
      }
      options.emit.progress({ reader: readerName, step: 'verify', bytesRead: 0, bytesTotal: 0 });
      return await assembleChipRead(files, await loadTrustStore(options.trustStoreDir), readerName);
    } catch (error) {
      throw toFailure(error);
    } finally {
      busy.delete(readerName);
    }
  }

  let scanners: ReturnType<typeof createQrScanners> | undefined;
  function qrScanners(): ReturnType<typeof createQrScanners> | undefined {
    const config = options.qrScanners;
    if (!config) return undefined;
    if (!scanners) {
      scanners = createQrScanners({
        hid: config.hid(),
        ...(config.hotplug ? { hotplug: config.hotplug() } : {}),
        ...(config.keyboardDevices ? { keyboardDevices: config.keyboardDevices } : {}),
        onCode: (code) => options.emit.qr(code),
      });
    } else scanners.rescan();
    return scanners;
  }

  return {
    async listQrScanners() {
      return qrScanners()?.list() ?? [];
    },
    async listReaders() {
      const list = await readers.list();
      const error = readers.lastError();
      if (list.length === 0 && error) throw cardFailure('no-service', error.message, error);
      return list;
    },
    read,
    close: () => {
      readers.close();
      scanners?.close();
    },
  };
}
