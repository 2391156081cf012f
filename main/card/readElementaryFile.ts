import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { CardDataError } from './cardDataError';
import { concatBytes } from './bytes';
import type { CardChannel, CommandApdu, ResponseApdu } from './apdu';
import type { SecureMessaging } from './secureMessaging';
import { encodeTlv, readTlv } from './tlv';

/** A status word the card answered with where success was needed. */
export class CardStatusError extends DeskFailure {
  readonly sw: number;
  constructor(what: string, sw: number) {
    const message = `${what}: SW ${sw.toString(16).padStart(4, '0')}`;
    super('card-bad-data', cardFailureMessage('bad-data'), message, { message });
    this.name = 'CardStatusError';
    this.sw = sw;
  }
}

/** Largest chunk asked for in one READ BINARY: the protected answer still fits a short APDU. */
export const READ_CHUNK = 0xdf;
/** READ BINARY with an offset in P1-P2 reaches 0x7FFF; beyond it the odd INS B1 carries the offset. */
const MAX_SHORT_OFFSET = 0x7fff;

/** Sends one command through secure messaging and returns the unwrapped answer. */
export async function transmitProtected(channel: CardChannel, sm: SecureMessaging, command: CommandApdu): Promise<ResponseApdu> {
  return sm.unprotect(await channel.transmit(sm.protect(command)));
}

function offsetBytes(offset: number): Uint8Array {
  const bytes: number[] = [];
  for (let n = offset; n > 0 || bytes.length === 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.from(bytes);
}

async function readChunk(channel: CardChannel, sm: SecureMessaging, offset: number, length: number): Promise<Uint8Array> {
  if (offset <= MAX_SHORT_OFFSET) {
    const answer = await transmitProtected(channel, sm, { cla: 0, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, ne: length });
    if (answer.sw !== 0x9000 && answer.sw !== 0x6282) throw new CardStatusError('READ BINARY', answer.sw);
    return answer.data;
  }
  const answer = await transmitProtected(channel, sm, { cla: 0, ins: 0xb1, p1: 0, p2: 0, data: encodeTlv(0x54, offsetBytes(offset)), ne: length + 3 });
  if (answer.sw !== 0x9000 && answer.sw !== 0x6282) throw new CardStatusError('READ BINARY (B1)', answer.sw);
  const wrapped = readTlv(answer.data);
  if (wrapped.tag !== 0x53) throw new CardDataError('READ BINARY B1 answer without DO53');
  return wrapped.value;
}

/**
 * Selects an elementary file by identifier and reads it whole: the length comes from the file's
 * own TLV header, then chunks follow (odd INS past offset 0x7FFF). Progress is reported after each
 * chunk. A file that ends early or answers an empty chunk is a CardDataError.
 */
export async function readElementaryFile(
  channel: CardChannel,
  sm: SecureMessaging,
  fileId: number,
  onProgress?: (bytesRead: number, bytesTotal: number) => void,
): Promise<Uint8Array> {
  const selected = await transmitProtected(channel, sm, { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fileId >> 8, fileId & 0xff) });
  if (selected.sw !== 0x9000) throw new CardStatusError(`SELECT ${fileId.toString(16).padStart(4, '0')}`, selected.sw);
  const head = await readChunk(channel, sm, 0, 8);
  if (head.length < 2) throw new CardDataError('file header too short');
  const header = parseHeaderLength(head);
  const total = header.headerLength + header.valueLength;
  const parts: Uint8Array[] = [head.subarray(0, Math.min(head.length, total))];
  let read = parts[0]!.length;
  onProgress?.(read, total);
  while (read < total) {
    const chunk = await readChunk(channel, sm, read, Math.min(READ_CHUNK, total - read));
    if (chunk.length === 0) throw new CardDataError(`file ${fileId.toString(16)} ended at ${read} of ${total} bytes`);
    const useful = chunk.subarray(0, Math.min(chunk.length, total - read));
    parts.push(useful);
    read += useful.length;
    onProgress?.(read, total);
  }
  return concatBytes(...parts);
}

/** Tag and length octets at the start of a file: how many header bytes, how long the value. */
export function parseHeaderLength(head: Uint8Array): { headerLength: number; valueLength: number } {
  let at = 1;
  if ((head[0]! & 0x1f) === 0x1f) {
    while (at < head.length && head[at]! & 0x80) at += 1;
    at += 1;
  }
  if (at >= head.length) throw new CardDataError('file header truncated');
  const first = head[at]!;
  at += 1;
  if (first < 0x80) return { headerLength: at, valueLength: first };
  const n = first & 0x7f;
  if (n === 0 || n > 3 || at + n > head.length) throw new CardDataError('file length field unsupported');
  let length = 0;
  for (let i = 0; i < n; i += 1) length = length * 256 + head[at + i]!;
  return { headerLength: at + n, valueLength: length };
}
