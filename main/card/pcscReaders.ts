import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { createRequire } from 'node:module';
import type pcscliteBinding from 'pcsclite';
import type { CardChannel } from './apdu';
import { toHex } from './bytes';

type PcscContext = ReturnType<typeof pcscliteBinding>;

/**
 * The native binding, loaded on first use: a machine without it (not built, or built for another
 * runtime) still starts the desk, and the card service reports the reader as unavailable.
 */
function loadPcsclite(): typeof pcscliteBinding {
  return createRequire(__filename)('pcsclite') as typeof pcscliteBinding;
}
/** The binding's reader object (its interface is not exported), as the 'reader' event hands it over. */
type PcscReader = Parameters<Parameters<PcscContext['on']>[1]>[0] extends infer R ? (R extends { name: string; transmit: unknown } ? R : never) : never;

/** A card connected for one read; `close` releases the reader and resets the card. */
export interface ConnectedCard extends CardChannel {
  close(): Promise<void>;
}

export interface ReaderState {
  name: string;
  cardPresent: boolean;
  atr?: string;
}

/** The PC/SC side of the card service: readers, presence, and a channel to a card. */
export interface CardReaders {
  /** The readers known now; right after the context starts, waits briefly for the first ones. */
  list(): Promise<ReaderState[]>;
  /** The last error of the PC/SC context (daemon not running, …), if the context is not working. */
  lastError(): Error | undefined;
  connect(name: string): Promise<ConnectedCard>;
  close(): void;
}

export interface CardReaderListener {
  reader(name: string, event: 'added' | 'removed'): void;
  card(name: string, event: 'inserted' | 'removed', atr?: string): void;
}

export interface PcscReaderOptions {
  /** Only readers whose name contains this text (case-insensitive) are used. */
  readerFilter?: string;
}

/** Raised by a channel whose card went away; the service turns it into a Vietnamese message. */
export class CardRemovedError extends DeskFailure {
  constructor(detail: string) {
    super('card-removed', cardFailureMessage('removed'), detail, { message: detail });
    this.name = 'CardRemovedError';
  }
}

/** How long the first listing waits for the binding to report the readers already there. */
const FIRST_LIST_WAIT_MS = 1000;

/** PC/SC error codes that mean the card is gone or was reset under us. */
const REMOVED_CODES = ['0x80100069', '0x80100068', '0x80100067', '0x8010000c', '0x80100066'];

function isRemoval(error: unknown): boolean {
  const text = error instanceof Error ? error.message.toLowerCase() : String(error).toLowerCase();
  return REMOVED_CODES.some((code) => text.includes(code)) || text.includes('removed') || text.includes('not connected');
}

/**
 * PC/SC readers through the `pcsclite` binding (pcsc-lite on Linux and macOS, WinSCard on
 * Windows). The context starts on first use and follows readers and cards as they come and go.
 */
export function createPcscReaders(options: PcscReaderOptions, listener: CardReaderListener): CardReaders {
  let context: PcscContext | undefined;
  let error: Error | undefined;
  const readers = new Map<string, { reader: PcscReader; state: ReaderState }>();
  const filter = options.readerFilter?.toLowerCase();
  let firstReaders: Promise<void> = Promise.resolve();
  let settle: (() => void) | undefined;
  let awaitingStatus = 0;

  function start(): void {
    if (context) return;
    try {
      context = loadPcsclite()();
    } catch (e) {
      // No PC/SC daemon (yet): remembered, and tried again on the next call.
      error = e instanceof Error ? e : new Error(String(e));
      return;
    }
    context.on('error', (e: unknown) => {
      error = e instanceof Error ? e : new Error(String(e));
    });
    firstReaders = new Promise<void>((resolve) => {
      settle = resolve;
      setTimeout(resolve, FIRST_LIST_WAIT_MS);
    });
    context.on('reader', (reader) => {
      // A reader that is filtered out is still watched by the binding: its errors must land somewhere.
      reader.on('error', () => undefined);
      if (filter && !reader.name.toLowerCase().includes(filter)) {
        reader.close();
        return;
      }
      error = undefined;
      const state: ReaderState = { name: reader.name, cardPresent: false };
      let known = false;
      awaitingStatus += 1;
      readers.set(reader.name, { reader: reader as PcscReader, state });
      listener.reader(reader.name, 'added');
      reader.on('error', (e: unknown) => {
        error = e instanceof Error ? e : new Error(String(e));
      });
      reader.on('status', (status) => {
        const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0 && (status.state & reader.SCARD_STATE_MUTE) === 0;
        if (!known) {
          known = true;
          awaitingStatus -= 1;
          // The first listing waits until every reader reported whether it holds a card.
          if (awaitingStatus === 0) queueMicrotask(() => settle?.());
        }
        if (present === state.cardPresent) return;
        state.cardPresent = present;
        if (present) {
          state.atr = status.atr && status.atr.length > 0 ? toHex(status.atr) : undefined;
          listener.card(reader.name, 'inserted', state.atr);
        } else {
          delete state.atr;
          if (reader.connected) reader.disconnect(reader.SCARD_LEAVE_CARD, () => undefined);
          listener.card(reader.name, 'removed');
        }
      });
      reader.on('end', () => {
        readers.delete(reader.name);
        listener.reader(reader.name, 'removed');
      });
    });
  }

  return {
    async list() {
      start();
      await firstReaders;
      return [...readers.values()].map(({ state }) => ({ ...state }));
    },
    lastError() {
      start();
      return error;
    },
    async connect(name) {
      start();
      const entry = readers.get(name);
      if (!entry) throw new Error(`no reader named ${name}`);
      const { reader } = entry;
      const protocol = await new Promise<number>((resolve, reject) => {
        reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE }, (e, p) => (e ? reject(isRemoval(e) ? new CardRemovedError(String(e)) : e instanceof Error ? e : new Error(String(e))) : resolve(p)));
      });
      let open = true;
      return {
        transmit(command) {
          return new Promise((resolve, reject) => {
            if (!open) return reject(new CardRemovedError('card channel closed'));
            reader.transmit(Buffer.from(command), 65538, protocol, (e, response) => {
              if (e) reject(isRemoval(e) || !entry.state.cardPresent ? new CardRemovedError(String(e)) : e instanceof Error ? e : new Error(String(e)));
              // No status word at all: the reader lost the card between command and answer.
              else if (response.length < 2) reject(new CardRemovedError('reader returned no status word'));
              else resolve(new Uint8Array(response));
            });
          });
        },
        close() {
          open = false;
          return new Promise((resolve) => {
            if (!reader.connected) return resolve();
            reader.disconnect(reader.SCARD_RESET_CARD, () => resolve());
          });
        },
      };
    },
    close() {
      for (const { reader } of readers.values()) reader.close();
      readers.clear();
      context?.close();
      context = undefined;
    },
  };
}
