import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { CardChannel } from './apdu';
import { toHex } from './bytes';
import { loadPcscBinding, type PcscBinding, type PcscNativeCard, type PcscNativeClient } from './pcscBinding';

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
/** The binding reports the readers already there one by one: the first listing waits for a pause. */
const FIRST_LIST_QUIET_MS = 50;
/**
 * While no PC/SC service answers, how often to look again. Windows starts its Smart Card service
 * only once a reader is plugged in, and pcscd may start after the desk: the readers then appear
 * (with their events) without anyone asking.
 */
const SERVICE_RETRY_MS = 3000;

/**
 * Room for the longest answer an extended-length APDU can bring (65 536 data bytes and the status
 * word). The binding's default buffer holds only a short answer (264 bytes).
 */
const RESPONSE_BUFFER_BYTES = 65_538;

/**
 * How long a read waits for the card while another client holds it for a moment (another program,
 * or the OS, reading the ATR of a card just put on the reader), and how often it asks.
 */
const SHARING_WAIT_MS = 3000;
const SHARING_RETRY_MS = 50;

/** Binding error codes (pcsc-lite / WinSCard names) that mean the card is gone or was reset under us. */
const REMOVED_CODES = new Set(['RemovedCard', 'ResetCard', 'UnpoweredCard', 'NoSmartCard', 'UnresponsiveCard', 'NoCardConnection']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message}` : message;
}

function isRemoval(error: unknown): boolean {
  return REMOVED_CODES.has(codeOf(error) ?? '');
}

/** Where the desk's PC/SC runtime is missing, with the technical reason for the log. */
function unavailable(what: string, error: unknown): Error {
  return new Error(`${what} (${process.platform}-${process.arch}): ${describe(error)}`, { cause: error });
}

/**
 * Clients whose PC/SC service went away while they were running. The addon (0.1.3) releases a client's
 * context when the garbage collector finalizes it and throws, as an uncaught exception, when that
 * context died with its service; kept referenced, such a client is never finalized. One is added
 * per service outage, a few hundred bytes each.
 */
const deadClients: PcscNativeClient[] = [];

/** An exclusive connection, waiting out a client that holds the card for a moment. */
async function connectExclusive(pcsc: PcscBinding, client: PcscNativeClient, name: string): Promise<PcscNativeCard> {
  const deadline = Date.now() + SHARING_WAIT_MS;
  for (;;) {
    try {
      return await client.connect(name, pcsc.CardMode.EXCLUSIVE);
    } catch (e) {
      if (codeOf(e) !== 'SharingViolation' || Date.now() >= deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, SHARING_RETRY_MS));
    }
  }
}

interface KnownReader {
  state: ReaderState;
  /** Whether the first status change was handled (the first listing waits for it). */
  reported: boolean;
  /** Status changes of this reader, handled one after the other (reading the ATR takes a round trip). */
  queue: Promise<void>;
}

/**
 * PC/SC readers through pcsc-mini's prebuilt N-API addon (pcsc-lite on Linux, WinSCard on Windows).
 * The client starts on first use and follows readers and cards as they come and go; when
 * it cannot start (no binary, no PC/SC library, no service) the reason is kept for `lastError`; a
 * missing service is looked for again every few seconds and on every call, so one started later is
 * picked up and its readers announced.
 */
export function createPcscReaders(options: PcscReaderOptions, listener: CardReaderListener): CardReaders {
  let binding: PcscBinding | undefined;
  let client: PcscNativeClient | undefined;
  let error: Error | undefined;
  const readers = new Map<string, KnownReader>();
  const filter = options.readerFilter?.toLowerCase();
  let firstReaders: Promise<void> = Promise.resolve();
  let settle: (() => void) | undefined;
  let awaitingStatus = 0;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  function retryLater(): void {
    if (retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      start();
    }, SERVICE_RETRY_MS);
    // A command-line run ends when its work is done, retry or not.
    retry.unref();
  }

  /** The ATR of the card now in the reader, read over a shared connection that leaves the card as it is. */
  async function readAtr(pcsc: PcscBinding, from: PcscNativeClient, name: string): Promise<string | undefined> {
    // The addon's state change carries an ATR buffer that is not reliable (seen filled with other
    // bytes), so the ATR is asked of the card itself.
    try {
      const card = await from.connect(name, pcsc.CardMode.SHARED);
      try {
        const { atr } = await card.state();
        return atr.length > 0 ? toHex(atr) : undefined;
      } finally {
        await card.disconnect(pcsc.CardDisposition.LEAVE).catch(() => undefined);
      }
    } catch {
      // Held exclusively by another program, mute, or already pulled out: present without an ATR.
      return undefined;
    }
  }

  async function onChange(pcsc: PcscBinding, from: PcscNativeClient, entry: KnownReader, status: number): Promise<void> {
    const { state } = entry;
    const present = (status & pcsc.ReaderStatus.PRESENT) !== 0 && (status & pcsc.ReaderStatus.MUTE) === 0;
    try {
      if (present === state.cardPresent) return;
      if (present) {
        const atr = await readAtr(pcsc, from, state.name);
        if (readers.get(state.name) !== entry) return;
        state.cardPresent = true;
        if (atr) state.atr = atr;
        else delete state.atr;
        listener.card(state.name, 'inserted', state.atr);
      } else {
        state.cardPresent = false;
        delete state.atr;
        listener.card(state.name, 'removed');
      }
    } finally {
      reported(entry);
    }
  }

  /** A reader said whether it holds a card (or went away before it could). */
  function reported(entry: KnownReader): void {
    if (entry.reported) return;
    entry.reported = true;
    awaitingStatus -= 1;
    // The first listing waits until every reader reported whether it holds a card.
    if (awaitingStatus === 0) {
      clearTimeout(quiet);
      quiet = setTimeout(() => settle?.(), FIRST_LIST_QUIET_MS);
    }
  }

  /** Every state change the monitoring thread reports: readers coming and going, cards in and out. */
  function onStateChange(pcsc: PcscBinding, from: PcscNativeClient, name: string, status: number): void {
    if (client !== from) return;
    // A reader that is filtered out is still watched by the addon; its changes are simply not followed.
    if (filter && !name.toLowerCase().includes(filter)) return;
    const known = readers.get(name);
    if ((status & (pcsc.ReaderStatus.UNKNOWN | pcsc.ReaderStatus.UNAVAILABLE)) !== 0) {
      if (!known) return;
      reported(known);
      readers.delete(name);
      listener.reader(name, 'removed');
      return;
    }
    let entry = known;
    if (!entry) {
      error = undefined;
      entry = { state: { name, cardPresent: false }, reported: false, queue: Promise.resolve() };
      awaitingStatus += 1;
      readers.set(name, entry);
      listener.reader(name, 'added');
    }
    const current = entry;
    current.queue = current.queue.then(() => onChange(pcsc, from, current, status));
  }

  /** Forgets the client after the service went away, so the next call starts a fresh one. */
  function drop(reason: unknown): void {
    error = unavailable('PC/SC service stopped', reason);
    const dropped = client;
    client = undefined;
    if (dropped) deadClients.push(dropped);
    try {
      dropped?.stop();
    } catch {
      // Already stopped by the failure itself.
    }
    for (const name of [...readers.keys()]) {
      readers.delete(name);
      listener.reader(name, 'removed');
    }
    retryLater();
  }

  function start(): void {
    if (client) return;
    if (!binding) {
      try {
        binding = loadPcscBinding();
      } catch (e) {
        // No prebuilt binary for this platform, or its PC/SC library is missing: tried again next call.
        error = unavailable('PC/SC binding (pcsc-mini addon) could not be loaded', e);
        return;
      }
    }
    const pcsc = binding;
    const started = pcsc.newClient();
    awaitingStatus = 0;
    firstReaders = new Promise<void>((resolve) => {
      settle = resolve;
      setTimeout(resolve, FIRST_LIST_WAIT_MS);
    });
    try {
      client = started;
      started.start(
        (name, status) => onStateChange(pcsc, started, name, status),
        (e) => {
          if (client === started) drop(e);
        },
      );
    } catch (e) {
      // No PC/SC service (pcscd not running, Smart Card service stopped): tried again soon.
      client = undefined;
      error = unavailable('PC/SC service not reachable', e);
      firstReaders = Promise.resolve();
      retryLater();
      try {
        started.stop();
      } catch {
        // Never started.
      }
    }
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
      const from = client;
      if (!entry || !binding || !from) throw new Error(`no reader named ${name}`);
      const pcsc = binding;
      // A status change still being handled (the ATR being read) finishes first.
      await entry.queue;
      const card = await connectExclusive(pcsc, from, name).catch((e: unknown) => {
        throw isRemoval(e) ? new CardRemovedError(describe(e)) : asError(e);
      });
      const buffer = new ArrayBuffer(RESPONSE_BUFFER_BYTES);
      let open = true;
      return {
        async transmit(command) {
          if (!open) throw new CardRemovedError('card channel closed');
          let response: Uint8Array;
          try {
            response = await card.transmit(undefined, command, buffer);
          } catch (e) {
            throw isRemoval(e) || !entry.state.cardPresent ? new CardRemovedError(describe(e)) : asError(e);
          }
          // No status word at all: the reader lost the card between command and answer.
          if (response.length < 2) throw new CardRemovedError('reader returned no status word');
          // The answer lives in the connection's buffer, which the next command overwrites.
          return response.slice();
        },
        async close() {
          if (!open) return;
          open = false;
          await card.disconnect(pcsc.CardDisposition.RESET).catch(() => undefined);
        },
      };
    },
    close() {
      clearTimeout(retry);
      retry = undefined;
      clearTimeout(quiet);
      const stopped = client;
      client = undefined;
      readers.clear();
      try {
        stopped?.stop();
      } catch {
        // The service went away first.
      }
    },
  };
}
