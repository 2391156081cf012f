import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { decodeResponse, encodeCommand, type CardChannel } from './apdu';
import { performBac, BacRefusedError, type BacRandom } from './bac';
import type { BacKey } from './bacKeys';
import { CardStatusError, readElementaryFile } from './readElementaryFile';
import { SecureMessaging } from './secureMessaging';
import { parseEfCom, type EfCom } from './parseEfCom';
import { CardDataError } from './cardDataError';
import { UnsupportedDocumentError } from './unsupportedDocumentError';

/** The eMRTD application (ICAO 9303 Part 10 §3.6.1). */
export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);

export const fileIds = { com: 0x011e, sod: 0x011d, dg1: 0x0101, dg2: 0x0102, dg13: 0x010d } as const;

/** The eMRTD application is not on this card. */
export class UnsupportedCardError extends DeskFailure {
  constructor(sw: number) {
    const message = `eMRTD application not selectable: SW ${sw.toString(16).padStart(4, '0')}`;
    super('card-unsupported', cardFailureMessage('unsupported'), message, { message });
    this.name = 'UnsupportedCardError';
  }
}

export interface ReadProgress {
  step: 'select' | 'authenticate' | 'read';
  file?: 'EF.COM' | 'DG1' | 'DG2' | 'DG13' | 'EF.SOD';
  bytesRead: number;
  bytesTotal: number;
}

export interface EmrtdFiles {
  com: EfCom;
  /** Raw data groups read, by number (DG1, DG2, DG13 when present). */
  dataGroups: Map<number, Uint8Array>;
  /** EF.SOD, or undefined when the chip has none (SELECT answered 6A82) or it could not be read. */
  sod: Uint8Array | undefined;
  /** Files that are there but could not be read, with the technical reason (DG2, EF.SOD). */
  unreadable: Map<'DG2' | 'EF.SOD', string>;
  /** Which of the key candidates opened the card. */
  keyIndex: number;
}

/**
 * Refuses an EF.COM of another LDS generation than 1.x (ICAO 9303 Part 10: version "aabb" is
 * aa.bb): its files may not mean what this reader takes them to mean.
 */
export function checkLdsVersion(com: EfCom): void {
  const version = com.ldsVersion;
  if (version === undefined || /^01\d\d$/u.test(version)) return;
  const shown = /^\d{4}$/u.test(version) ? `${Number(version.slice(0, 2))}.${Number(version.slice(2))}` : `"${version.replace(/[^\x20-\x7e]/gu, '?').slice(0, 8)}"`;
  throw new UnsupportedDocumentError(
    `Chip dùng cấu trúc dữ liệu LDS phiên bản ${shown}; phần mềm mới đọc được chip theo LDS 1.x (ICAO 9303). Hãy nhập tay thông tin người nộp.`,
    `EF.COM LDS version ${JSON.stringify(version)} is not 1.x`,
  );
}

/** A failure that leaves the secure channel usable and only loses one file: worth reading on past. */
function isFileDamage(error: unknown): error is CardStatusError | CardDataError {
  return error instanceof CardStatusError || error instanceof CardDataError;
}

async function selectApplication(channel: CardChannel): Promise<void> {
  const answer = decodeResponse(await channel.transmit(encodeCommand({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: EMRTD_AID })));
  if (answer.sw !== 0x9000) throw new UnsupportedCardError(answer.sw);
}

/**
 * Reads an eMRTD: selects the application, runs BAC with each key candidate in turn until one
 * opens the card, then reads EF.COM, DG1, DG2 and DG13 (when EF.COM lists them) and EF.SOD, all
 * under secure messaging. Throws the BacRefusedError of the last candidate when none opens it, and
 * UnsupportedDocumentError for an LDS version other than 1.x. A DG2 or EF.SOD that cannot be read
 * (or an EF.SOD that is not there) does not end the read: it is reported in `unreadable` / as an
 * undefined `sod`, so the caller can still fill the form from DG1, marked unverified.
 */
export async function readEmrtd(
  channel: CardChannel,
  keys: BacKey[],
  onProgress: (progress: ReadProgress) => void = () => undefined,
  random?: BacRandom,
): Promise<EmrtdFiles> {
  if (keys.length === 0) throw new BacRefusedError('no BAC key to try');
  onProgress({ step: 'select', bytesRead: 0, bytesTotal: 0 });
  let session;
  let keyIndex = 0;
  let lastError: unknown;
  for (; keyIndex < keys.length; keyIndex += 1) {
    await selectApplication(channel);
    onProgress({ step: 'authenticate', bytesRead: keyIndex, bytesTotal: keys.length });
    try {
      session = await performBac(channel, keys[keyIndex]!, random);
      break;
    } catch (error) {
      if (!(error instanceof BacRefusedError)) throw error;
      lastError = error;
    }
  }
  if (!session) throw lastError;
  const sm = new SecureMessaging(session);
  const read = (file: NonNullable<ReadProgress['file']>, id: number) =>
    readElementaryFile(channel, sm, id, (bytesRead, bytesTotal) => onProgress({ step: 'read', file, bytesRead, bytesTotal }));
  const com = parseEfCom(await read('EF.COM', fileIds.com));
  checkLdsVersion(com);
  const dataGroups = new Map<number, Uint8Array>();
  const unreadable: EmrtdFiles['unreadable'] = new Map();
  dataGroups.set(1, await read('DG1', fileIds.dg1));
  if (com.dataGroups.includes(2)) {
    try {
      dataGroups.set(2, await read('DG2', fileIds.dg2));
    } catch (error) {
      if (!isFileDamage(error)) throw error;
      unreadable.set('DG2', error.message);
    }
  }
  if (com.dataGroups.includes(13)) {
    try {
      dataGroups.set(13, await read('DG13', fileIds.dg13));
    } catch (error) {
      // Some issuers list DG13 but protect it further; the card is still readable without it.
      if (!(error instanceof CardStatusError && (error.sw === 0x6982 || error.sw === 0x6a82))) throw error;
    }
  }
  let sod: Uint8Array | undefined;
  try {
    sod = await read('EF.SOD', fileIds.sod);
  } catch (error) {
    if (!isFileDamage(error)) throw error;
    // 6A82: the chip has no EF.SOD at all; anything else: it is there but does not read.
    if (!(error instanceof CardStatusError && error.sw === 0x6a82)) unreadable.set('EF.SOD', error.message);
  }
  return { com, dataGroups, sod, unreadable, keyIndex };
}
