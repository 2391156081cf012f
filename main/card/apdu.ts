import { CardDataError } from './cardDataError';

/** An ISO 7816-4 command; `ne` is the number of bytes expected back (256 or 65536 = "all"). */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  /** Status word SW1SW2, e.g. 0x9000. */
  sw: number;
}

/** Whether a command needs the extended length form (data over 255 bytes or Ne over 256). */
export function isExtended(command: CommandApdu): boolean {
  return (command.data?.length ?? 0) > 255 || (command.ne ?? 0) > 256;
}

/** Encodes a command APDU in short or extended form (ISO 7816-4 §5.1, cases 1 to 4). */
export function encodeCommand(command: CommandApdu): Uint8Array {
  const data = command.data ?? new Uint8Array(0);
  const ne = command.ne ?? 0;
  if (data.length > 65535 || ne > 65536 || ne < 0) throw new RangeError('APDU too long');
  const extended = isExtended(command);
  const out: number[] = [command.cla, command.ins, command.p1, command.p2];
  if (data.length > 0) {
    if (extended) out.push(0, data.length >> 8, data.length & 0xff);
    else out.push(data.length);
    out.push(...data);
  }
  if (ne > 0) {
    if (extended) {
      if (data.length === 0) out.push(0);
      const le = ne === 65536 ? 0 : ne;
      out.push(le >> 8, le & 0xff);
    } else out.push(ne === 256 ? 0 : ne);
  }
  return Uint8Array.from(out);
}

/**
 * Decodes a command APDU (the card side of the protocol: the test card and logs). Throws a
 * CardDataError for lengths that do not add up.
 */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new CardDataError('command APDU shorter than its header');
  const [cla, ins, p1, p2] = bytes as unknown as [number, number, number, number];
  const body = bytes.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  if (body.length === 1) return { cla, ins, p1, p2, ne: body[0] === 0 ? 256 : body[0]! };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.subarray(1, 1 + lc) };
    if (body.length === 2 + lc) return { cla, ins, p1, p2, data: body.subarray(1, 1 + lc), ne: body[1 + lc] === 0 ? 256 : body[1 + lc]! };
    throw new CardDataError('short APDU length mismatch');
  }
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { cla, ins, p1, p2, ne: le === 0 ? 65536 : le };
  }
  if (body.length < 3) throw new CardDataError('extended APDU truncated');
  const lc = (body[1]! << 8) | body[2]!;
  if (lc === 0) throw new CardDataError('extended APDU with zero Lc');
  if (body.length === 3 + lc) return { cla, ins, p1, p2, data: body.subarray(3, 3 + lc) };
  if (body.length === 5 + lc) {
    const le = (body[3 + lc]! << 8) | body[4 + lc]!;
    return { cla, ins, p1, p2, data: body.subarray(3, 3 + lc), ne: le === 0 ? 65536 : le };
  }
  throw new CardDataError('extended APDU length mismatch');
}

/** Splits a response into data and status word; fewer than 2 bytes is a CardDataError. */
export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new CardDataError('response APDU without status word');
  return { data: bytes.subarray(0, bytes.length - 2), sw: (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]! };
}

export function encodeResponse(response: ResponseApdu): Uint8Array {
  const out = new Uint8Array(response.data.length + 2);
  out.set(response.data);
  out[response.data.length] = response.sw >> 8;
  out[response.data.length + 1] = response.sw & 0xff;
  return out;
}

/** Anything that carries raw APDUs to a card: a PC/SC reader, or a test double. */
export interface CardChannel {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}
