/**
 * The PC/SC transport under the card service, through the real stack: the pcsc-mini binding, a
 * private pcscd and vsmartcard's vpcd with a virtual card of the test's own. Short and
 * extended-length APDUs on T=1 and T=0 cards; readers that go away with the service and come back;
 * a desk with no PC/SC service, and one whose PC/SC library cannot be loaded, get the Vietnamese
 * "no service" message while the rest of the desk keeps answering. pcscd and vpcd must be
 * installed: without them this test fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pcscdSocketPath, startPcscdPeer, type PcscdPeer } from '../../support/card/pcscdPeer';
import { insertCard, type InsertedCard, type VirtualCard } from '../../support/card/vpcdCard';
import { createEventLog, eventually } from '../../support/card/cardServiceHarness';
import { createPcscReaders, type CardReaders } from '../../../main/card/pcscReaders';
import { createCardService, type CardService } from '../../../main/card/createCardService';
import { decodeCommand, encodeCommand } from '../../../main/card/apdu';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { syntheticCitizen } from '../../support/card/syntheticCitizen';
import { loadPcscBinding, type PcscNativeCard } from '../../../main/card/pcscBinding';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..', '..');

const PORT = 35983;
const PEER = 'transport';
const READER = 'Virtual PCD 00 00';
const NO_SERVICE = /^Không tìm thấy dịch vụ đọc thẻ \(PC\/SC\)/u;
const key = { documentNumber: syntheticCitizen.documentNumber, birthDate: syntheticCitizen.birthYymmdd, expiryDate: syntheticCitizen.expiryYymmdd };

/** The answer the test card gives to a command expecting `ne` bytes: a pattern that depends on the command. */
function patternAnswer(command: Uint8Array, ne: number): Uint8Array {
  const out = new Uint8Array(ne + 2);
  for (let i = 0; i < ne; i += 1) out[i] = (i * 7 + command[1]! + command.length) & 0xff;
  out[ne] = 0x90;
  return out;
}

/**
 * A card that answers every command with `patternAnswer` of its Ne (an echo of the data when it
 * carries data and no Le) and keeps what it was sent, so both directions are compared byte for byte.
 */
function patternCard(atr: Uint8Array): VirtualCard & { received: Uint8Array[] } {
  const received: Uint8Array[] = [];
  return {
    atr,
    received,
    reset: () => undefined,
    process(command) {
      received.push(Uint8Array.from(command));
      const decoded = decodeCommand(command);
      if (decoded.ne === undefined) return Uint8Array.from([...(decoded.data ?? []), 0x90, 0x00]);
      return patternAnswer(command, decoded.ne);
    },
  };
}

const commands = [
  { what: 'short, Le 16', bytes: encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 16 }) },
  { what: 'short, Le 256', bytes: encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 }) },
  { what: 'short, data and Le', bytes: encodeCommand({ cla: 0x0c, ins: 0xb0, p1: 0, p2: 0, data: new Uint8Array(200).fill(0x5a), ne: 256 }) },
  { what: 'extended, Le 4096', bytes: encodeCommand({ cla: 0, ins: 0xb1, p1: 0, p2: 0, ne: 4096 }) },
  { what: 'extended, 300 data bytes echoed', bytes: encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: Uint8Array.from({ length: 300 }, (_, i) => i & 0xff) }) },
  { what: 'extended, data and Le 1000', bytes: encodeCommand({ cla: 0x0c, ins: 0xb1, p1: 0, p2: 0, data: new Uint8Array(400).fill(0xa5), ne: 1000 }) },
];

function expectedAnswer(command: Uint8Array): Uint8Array {
  const decoded = decodeCommand(command);
  if (decoded.ne === undefined) return Uint8Array.from([...(decoded.data ?? []), 0x90, 0x00]);
  return patternAnswer(command, decoded.ne);
}

/** The protocol pcscd negotiates with the card in `reader`, asked through a client of the test's own. */
async function negotiatedProtocol(reader: string): Promise<string> {
  const card = await connectShared(reader);
  try {
    return card.pcsc.protocolString(card.card.protocol());
  } finally {
    await card.release();
  }
}

/** A shared connection to the card in `reader` through a PC/SC client of the test's own. */
async function connectShared(reader: string): Promise<{ pcsc: ReturnType<typeof loadPcscBinding>; card: PcscNativeCard; release(): Promise<void> }> {
  const pcsc = loadPcscBinding();
  const client = pcsc.newClient();
  const seen = new Promise<void>((resolve) => client.start((name, status) => name === reader && (status & pcsc.ReaderStatus.PRESENT) !== 0 && resolve(), () => undefined));
  await seen;
  const card = await client.connect(reader, pcsc.CardMode.SHARED);
  return {
    pcsc,
    card,
    async release() {
      await card.disconnect(pcsc.CardDisposition.LEAVE);
      client.stop();
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<DeskFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeskFailure);
  return error as DeskFailure;
}

let peer: PcscdPeer | undefined;
let readers: CardReaders | undefined;
let service: CardService | undefined;
const readerEvents = createEventLog<{ name: string; event: 'added' | 'removed' }>();
const cardEvents = createEventLog<{ name: string; event: 'inserted' | 'removed'; atr?: string }>();

beforeAll(() => {
  // The PC/SC library reads the socket name once per process: point it where the daemon will be.
  process.env.PCSCLITE_CSOCK_NAME = pcscdSocketPath(PEER);
});

afterAll(async () => {
  readers?.close();
  service?.close();
  await peer?.stop();
  delete process.env.PCSCLITE_CSOCK_NAME;
});

describe('the PC/SC transport through pcscd and vpcd', () => {
  it('reports "no service" in Vietnamese while no daemon listens, keeps answering, and announces the reader once one starts', async () => {
    const announced = createEventLog<{ reader: string; event: string }>();
    service = createCardService({ readerFilter: READER, emit: { reader: (e) => announced.push(e), card: () => undefined, qr: () => undefined, progress: () => undefined } });
    const listed = await failureOf(service.listReaders());
    expect(listed.code).toBe('card-no-service');
    expect(listed.userMessage).toMatch(NO_SERVICE);
    expect(listed.detail).toMatch(/NoService/u);
    const read = await failureOf(service.read(null, { kind: 'fields', ...key }));
    expect(read.code).toBe('card-no-service');
    // The rest of the card service still answers.
    expect(await service.listQrScanners()).toEqual([]);
    const wrongInput = await failureOf(service.read(null, { kind: 'mrz', text: 'not an MRZ' }));
    expect(wrongInput.code).toBe('card-bad-key-input');

    peer = await startPcscdPeer(PEER, PORT);
    expect(peer.socket).toBe(process.env.PCSCLITE_CSOCK_NAME);
    // Nobody asks: the service looks for the daemon again by itself and announces the reader.
    expect(await announced.next((e) => e.event === 'added')).toEqual({ reader: READER, event: 'added' });
    expect(await service.listReaders()).toEqual([{ name: READER, cardPresent: false }]);
    service.close();
    service = undefined;
  });

  for (const { protocol, atr } of [
    { protocol: 'T=1', atr: '3B80800101' },
    { protocol: 'T=0', atr: '3B00' },
  ]) {
    it(`carries short and extended APDUs both ways on a ${protocol} card`, async () => {
      readers ??= createPcscReaders({ readerFilter: READER }, { reader: (name, event) => readerEvents.push({ name, event }), card: (name, event, a) => cardEvents.push({ name, event, ...(a ? { atr: a } : {}) }) });
      await readers.list();
      const card = patternCard(Buffer.from(atr, 'hex'));
      const seen = cardEvents.next((e) => e.event === 'inserted');
      let inserted: InsertedCard | undefined = await insertCard(PORT, card);
      try {
        expect(await seen).toEqual({ name: READER, event: 'inserted', atr });
        expect(await readers.list()).toEqual([{ name: READER, cardPresent: true, atr }]);
        expect(await negotiatedProtocol(READER)).toBe(protocol);
        const channel = await readers.connect(READER);
        const before = card.received.length;
        const answers: Uint8Array[] = [];
        for (const { bytes } of commands) answers.push(await channel.transmit(bytes));
        await channel.close();
        expect(card.received.slice(before).map((c) => Buffer.from(c).toString('hex'))).toEqual(commands.map((c) => Buffer.from(c.bytes).toString('hex')));
        for (const [i, { what, bytes }] of commands.entries()) {
          expect(Buffer.from(answers[i]!).toString('hex'), what).toBe(Buffer.from(expectedAnswer(bytes)).toString('hex'));
        }
        // An earlier answer is not overwritten by a later one sharing the connection's buffer.
        expect(answers[3]!.length).toBe(4098);
        const gone = cardEvents.next((e) => e.event === 'removed');
        await inserted.remove();
        inserted = undefined;
        expect(await gone).toEqual({ name: READER, event: 'removed' });
        expect(await readers.list()).toEqual([{ name: READER, cardPresent: false }]);
      } finally {
        await inserted?.remove();
      }
    });
  }

  it('waits out another client that holds the card for a moment (as the OS or another program reading its ATR)', async () => {
    readers ??= createPcscReaders({ readerFilter: READER }, { reader: (name, event) => readerEvents.push({ name, event }), card: (name, event, a) => cardEvents.push({ name, event, ...(a ? { atr: a } : {}) }) });
    await readers.list();
    const card = patternCard(Buffer.from('3B80800101', 'hex'));
    const seen = cardEvents.next((e) => e.event === 'inserted');
    const inserted = await insertCard(PORT, card);
    try {
      await seen;
      const other = await connectShared(READER);
      const connecting = readers.connect(READER);
      // The other client lets go only after the exclusive connection was asked for.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.release();
      const channel = await connecting;
      const command = encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 32 });
      expect(Buffer.from(await channel.transmit(command)).toString('hex')).toBe(Buffer.from(expectedAnswer(command)).toString('hex'));
      await channel.close();
    } finally {
      const gone = cardEvents.next((e) => e.event === 'removed');
      await inserted.remove();
      await gone;
    }
  });

  it('loses the readers when pcscd stops, says why, leaves no uncaught error behind, and gets them back when it starts again', async () => {
    readers ??= createPcscReaders({ readerFilter: READER }, { reader: (name, event) => readerEvents.push({ name, event }), card: () => undefined });
    expect((await readers.list()).map((r) => r.name)).toEqual([READER]);
    // A second desk process follows the same daemon and collects garbage once the daemon is gone.
    const probe = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['--expose-gc', 'test/support/card/pcscOutageProbe.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let probeOut = '';
    let probeErr = '';
    probe.stdout.on('data', (chunk: Buffer) => (probeOut += chunk.toString()));
    probe.stderr.on('data', (chunk: Buffer) => (probeErr += chunk.toString()));
    const probeDone = new Promise<number | null>((resolve) => probe.once('exit', resolve));
    await eventually(() => probeOut.includes('ready\n') || probe.exitCode !== null, 'the probe to follow the readers');
    expect(probeOut, probeErr).toBe('ready\n');
    const removed = readerEvents.next((e) => e.name === READER && e.event === 'removed');
    await peer!.stop();
    peer = undefined;
    await removed;
    expect(await probeDone, probeErr).toBe(0);
    const report = JSON.parse(probeOut.split('\n')[1]!) as { reason: string; uncaught: string[] };
    expect(report.reason).toMatch(/PC\/SC service/u);
    expect(report.uncaught).toEqual([]);
    expect(await readers.list()).toEqual([]);
    expect(readers.lastError()?.message).toMatch(/PC\/SC service .*NoService/u);
    const added = readerEvents.next((e) => e.name === READER && e.event === 'added');
    peer = await startPcscdPeer(PEER, PORT);
    await eventually(async () => (await readers!.list()).length > 0, 'the reader to come back');
    await added;
    expect(readers.lastError()).toBeUndefined();
  });

  it('reports "no service" from the command line when the PC/SC library cannot be loaded', async () => {
    // A private mount namespace where libpcsclite is an empty file: the binary cannot load it.
    const library = await realpath('/usr/lib/x86_64-linux-gnu/libpcsclite.so.1');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-no-pcsc-'));
    const empty = path.join(dir, 'empty.so');
    await writeFile(empty, '');
    const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
    const script = `mount --bind "${empty}" "${library}" && exec "${tsx}" main/cli.ts read-card --doc ${key.documentNumber} --birth ${key.birthDate} --expiry ${key.expiryDate}`;
    const result = await run('unshare', ['--mount', 'sh', '-c', script], { cwd: root, env: { ...process.env, MOTCUA_DATA_DIR: dir } }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.code).toBe(1);
    const printed = JSON.parse(result.stdout) as { error: { code: string; message: string; detail: string } };
    expect(printed.error.code).toBe('card-no-service');
    expect(printed.error.message).toMatch(NO_SERVICE);
    expect(printed.error.detail).toMatch(/PC\/SC binding \(pcsc-mini addon\) could not be loaded/u);
    expect(printed.error.detail).toMatch(/libpcsclite/u);
    // The library is still there for everyone else: the namespace hid it from the child only.
    expect((await readFile(library)).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  });
});
