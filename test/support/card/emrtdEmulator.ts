import { randomBytes } from 'node:crypto';
import { decodeCommand, encodeResponse, type CommandApdu } from '../../../main/card/apdu';
import { deriveBacKeys, deriveDesKey, type BacKey } from '../../../main/card/bacKeys';
import { bytesEqual, concatBytes, xorBytes } from '../../../main/card/bytes';
import { padIso9797, retailMac, tdesDecrypt, tdesEncrypt, unpadIso9797 } from '../../../main/card/desCrypto';
import { encodeTlv, readTlv, readTlvList } from '../../../main/card/tlv';
import type { VirtualCard } from './vpcdCard';

/** The files of the emulated chip, by file identifier. */
export type CardFiles = Map<number, Uint8Array>;

export interface EmulatorOptions {
  /** The MRZ fields the chip's BAC keys come from. */
  key: BacKey;
  files: CardFiles;
  /** Pull the card out after this many READ BINARY commands (card removed mid-read). */
  removeAfterReads?: number;
  /** Answer SELECT of the eMRTD application with 6A82 (another kind of card). */
  noEmrtdApplication?: boolean;
  /**
   * Refuse the reader's secure messaging: from the protected command number `after` on (1 is the
   * first after BAC), answer the plain status `sw` (6987 objects missing, 6988 objects incorrect)
   * and end the session, as a card does that does not accept the command's SM objects.
   */
  refuseSecureMessaging?: { sw: 0x6987 | 0x6988; after: number };
  /** From protected response number `after` on, send a wrong MAC (DO8E) with the answer. */
  wrongResponseMac?: { after: number };
  /** Files whose READ BINARY answers 6281 (part of the returned data may be corrupted). */
  corruptedFiles?: number[];
}

const AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
const SW = { ok: 0x9000, eof: 0x6282, authFailed: 0x6300, securityStatus: 0x6982, smObjects: 0x6988, notFound: 0x6a82, wrongP: 0x6b00, ins: 0x6d00, cla: 0x6e00, wrongData: 0x6a80 } as const;

function increment(ssc: Uint8Array): void {
  for (let i = 7; i >= 0; i -= 1) {
    ssc[i] = (ssc[i]! + 1) & 0xff;
    if (ssc[i] !== 0) break;
  }
}

function plain(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeResponse({ data, sw });
}

/**
 * An ICAO 9303 eMRTD of the project's own for tests: the eMRTD application, BAC enforced (no file
 * is readable before mutual authentication), 3DES secure messaging on every command after it
 * (a command with a wrong MAC ends the session), SELECT by file identifier, READ BINARY with the
 * offset in P1-P2 (B0) or in DO54 (B1). Fault modes: removal mid-read, no eMRTD application,
 * refusing the reader's secure messaging (6987/6988), a wrong MAC on its own answers, files whose
 * reads report corruption (6281).
 */
export function createEmrtdEmulator(options: EmulatorOptions): VirtualCard & { reads: () => number } {
  const { kEnc, kMac } = deriveBacKeys(options.key);
  let appSelected = false;
  let rndIc: Uint8Array | undefined;
  let session: { ksEnc: Uint8Array; ksMac: Uint8Array; ssc: Uint8Array } | undefined;
  let current: Uint8Array | undefined;
  let currentId: number | undefined;
  let reads = 0;
  let protectedCommands = 0;

  const reset = () => {
    appSelected = false;
    rndIc = undefined;
    session = undefined;
    current = undefined;
    currentId = undefined;
    protectedCommands = 0;
  };

  function externalAuthenticate(data: Uint8Array | undefined): Uint8Array {
    if (!rndIc || !data || data.length !== 40) return plain(SW.securityStatus);
    const eIfd = data.subarray(0, 32);
    const challenge = rndIc;
    rndIc = undefined;
    if (!bytesEqual(retailMac(kMac, padIso9797(eIfd)), data.subarray(32))) return plain(SW.authFailed);
    const s = tdesDecrypt(kEnc, eIfd);
    if (!bytesEqual(s.subarray(8, 16), challenge)) return plain(SW.authFailed);
    const rndIfd = s.subarray(0, 8);
    const kIfd = s.subarray(16, 32);
    const kIc = new Uint8Array(randomBytes(16));
    const eIc = tdesEncrypt(kEnc, concatBytes(challenge, rndIfd, kIc));
    const seed = xorBytes(kIfd, kIc);
    session = { ksEnc: deriveDesKey(seed, 1), ksMac: deriveDesKey(seed, 2), ssc: concatBytes(challenge.subarray(4, 8), rndIfd.subarray(4, 8)) };
    protectedCommands = 0;
    return plain(SW.ok, concatBytes(eIc, retailMac(kMac, padIso9797(eIc))));
  }

  /** Runs a plain command inside the secure channel. */
  function execute(command: CommandApdu): { sw: number; data?: Uint8Array } {
    if (command.ins === 0xa4) {
      if (command.p1 !== 0x02 || !command.data || command.data.length !== 2) return { sw: SW.wrongP };
      const fid = (command.data[0]! << 8) | command.data[1]!;
      const file = options.files.get(fid);
      if (!file) return { sw: SW.notFound };
      current = file;
      currentId = fid;
      return { sw: SW.ok };
    }
    if (command.ins === 0xb0 || command.ins === 0xb1) {
      if (!current) return { sw: SW.securityStatus };
      reads += 1;
      let offset: number;
      if (command.ins === 0xb0) {
        if (command.p1 & 0x80) return { sw: SW.wrongP };
        offset = (command.p1 << 8) | command.p2;
      } else {
        const doOffset = command.data ? readTlv(command.data) : undefined;
        if (!doOffset || doOffset.tag !== 0x54) return { sw: SW.wrongData };
        offset = [...doOffset.value].reduce((n, b) => n * 256 + b, 0);
      }
      if (offset >= current.length) return { sw: SW.wrongP };
      if (currentId !== undefined && options.corruptedFiles?.includes(currentId)) return { sw: 0x6281 };
      const wanted = command.ins === 0xb1 ? Math.max(0, (command.ne ?? 256) - 3) : (command.ne ?? 256);
      const chunk = current.subarray(offset, Math.min(current.length, offset + wanted));
      const sw = chunk.length < wanted ? SW.eof : SW.ok;
      return { sw, data: command.ins === 0xb1 ? encodeTlv(0x53, chunk) : chunk };
    }
    return { sw: SW.ins };
  }

  function secured(bytes: Uint8Array): Uint8Array {
    const s = session!;
    const fail = () => {
      session = undefined;
      return plain(SW.smObjects);
    };
    let command: CommandApdu;
    try {
      command = decodeCommand(bytes);
    } catch {
      return fail();
    }
    protectedCommands += 1;
    const refuse = options.refuseSecureMessaging;
    if (refuse && protectedCommands >= refuse.after) {
      session = undefined;
      return plain(refuse.sw);
    }
    const objects = command.data ? readTlvList(command.data) : [];
    const mac = objects.find((o) => o.tag === 0x8e);
    if (!mac || (command.cla & 0x0c) !== 0x0c) return fail();
    increment(s.ssc);
    const header = padIso9797(Uint8Array.of(command.cla, command.ins, command.p1, command.p2));
    const covered = objects.filter((o) => o.tag !== 0x8e).map((o) => command.data!.subarray(o.start, o.end));
    if (!bytesEqual(retailMac(s.ksMac, padIso9797(concatBytes(s.ssc, header, ...covered))), mac.value)) return fail();
    const dataObject = objects.find((o) => o.tag === 0x87 || o.tag === 0x85);
    const le = objects.find((o) => o.tag === 0x97);
    let data: Uint8Array | undefined;
    if (dataObject) {
      const decrypted = unpadIso9797(tdesDecrypt(s.ksEnc, dataObject.tag === 0x87 ? dataObject.value.subarray(1) : dataObject.value));
      if (!decrypted) return fail();
      data = decrypted;
    }
    let ne: number | undefined;
    if (le) ne = [...le.value].reduce((n, b) => n * 256 + b, 0) || (le.value.length === 1 ? 256 : 65536);
    const result = execute({ cla: command.cla & ~0x0c, ins: command.ins, p1: command.p1, p2: command.p2, ...(data ? { data } : {}), ...(ne ? { ne } : {}) });
    increment(s.ssc);
    const parts: Uint8Array[] = [];
    if (result.data && result.data.length > 0) {
      const encrypted = tdesEncrypt(s.ksEnc, padIso9797(result.data));
      parts.push(command.ins & 1 ? encodeTlv(0x85, encrypted) : encodeTlv(0x87, Uint8Array.of(1), encrypted));
    }
    parts.push(encodeTlv(0x99, Uint8Array.of(result.sw >> 8, result.sw & 0xff)));
    const responseMac = retailMac(s.ksMac, padIso9797(concatBytes(s.ssc, ...parts)));
    if (options.wrongResponseMac && protectedCommands >= options.wrongResponseMac.after) responseMac[0] = responseMac[0]! ^ 0x01;
    return plain(SW.ok, concatBytes(...parts, encodeTlv(0x8e, responseMac)));
  }

  return {
    atr: Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01),
    reset,
    reads: () => reads,
    process(bytes) {
      if (options.removeAfterReads !== undefined && reads >= options.removeAfterReads && (bytes[1] === 0xb0 || bytes[1] === 0xb1)) return undefined;
      if (session && (bytes[0]! & 0x0c) === 0x0c) return secured(bytes);
      let command: CommandApdu;
      try {
        command = decodeCommand(bytes);
      } catch {
        return plain(0x6700);
      }
      if (command.cla !== 0x00) return plain(SW.cla);
      switch (command.ins) {
        case 0xa4:
          if (command.p1 === 0x04) {
            if (options.noEmrtdApplication || !command.data || !bytesEqual(command.data, AID)) return plain(SW.notFound);
            appSelected = true;
            session = undefined;
            return plain(SW.ok);
          }
          // Files exist only behind BAC.
          return plain(SW.securityStatus);
        case 0x84:
          if (!appSelected || command.ne !== 8) return plain(SW.securityStatus);
          rndIc = new Uint8Array(randomBytes(8));
          return plain(SW.ok, rndIc);
        case 0x82:
          if (!appSelected) return plain(SW.securityStatus);
          return externalAuthenticate(command.data);
        case 0xb0:
        case 0xb1:
          return plain(SW.securityStatus);
        default:
          return plain(SW.ins);
      }
    },
  };
}
