import net from 'node:net';

/** What a virtual card answers: an APDU processor plus its ATR. */
export interface VirtualCard {
  atr: Uint8Array;
  /** Called on power-on and reset: the card forgets its session. */
  reset(): void;
  /** Processes one command APDU; `undefined` means the card is pulled out now. */
  process(command: Uint8Array): Uint8Array | undefined;
}

/** A virtual card inserted into a vpcd reader slot. */
export interface InsertedCard {
  /** Pulls the card out (closes the connection to vpcd). */
  remove(): Promise<void>;
  /** Resolves when vpcd or the card ended the connection. */
  closed: Promise<void>;
  apduCount(): number;
}

const CONTROL_OFF = 0x00;
const CONTROL_ON = 0x01;
const CONTROL_RESET = 0x02;
const CONTROL_ATR = 0x04;

/**
 * Inserts a virtual card into vsmartcard's vpcd: the card connects to vpcd's TCP port and speaks
 * its protocol, every message a 2-byte big-endian length then the payload. A 1-byte payload is a
 * control code (power off/on, reset, ATR request); anything longer is a command APDU, answered
 * with the response APDU in the same framing.
 */
export function insertCard(port: number, card: VirtualCard, host = '127.0.0.1'): Promise<InsertedCard> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    let buffer = Buffer.alloc(0);
    let apdus = 0;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const send = (payload: Uint8Array) => {
      const head = Buffer.alloc(2);
      head.writeUInt16BE(payload.length);
      socket.write(Buffer.concat([head, payload]));
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2) {
        const length = buffer.readUInt16BE(0);
        if (buffer.length < 2 + length) break;
        const payload = new Uint8Array(buffer.subarray(2, 2 + length));
        buffer = buffer.subarray(2 + length);
        if (length === 1) {
          const code = payload[0];
          if (code === CONTROL_ATR) send(card.atr);
          else if (code === CONTROL_ON || code === CONTROL_RESET) card.reset();
          else if (code === CONTROL_OFF) card.reset();
          continue;
        }
        apdus += 1;
        const answer = card.process(payload);
        if (answer === undefined) {
          socket.destroy();
          return;
        }
        send(answer);
      }
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve({
        async remove() {
          socket.destroy();
          await closed;
        },
        closed,
        apduCount: () => apdus,
      });
    });
  });
}
