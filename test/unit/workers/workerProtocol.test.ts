import { afterEach, describe, expect, it } from 'vitest';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { connectWorker, type WorkerEndpoint } from '../../../renderer/workers/protocol/connectWorker';
import { defineWorker, event, method } from '../../../renderer/workers/protocol/defineWorker';
import { serveWorker, type WorkerScope } from '../../../renderer/workers/protocol/serveWorker';
import { WorkerCancelledError } from '../../../renderer/workers/protocol/WorkerCancelledError';

const testWorker = defineWorker(
  'test',
  {
    echo: method<{ text: string }, string>(),
    reverse: method<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>(),
    count: method<number, number, number>(),
    wait: method<void, string>(),
    refuse: method<void, never>(),
    missing: method<void, void>(),
  },
  { status: event<{ link: string }>() },
);

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A worker endpoint over a real MessageChannel; `crash()` fires the `error` event a dying Worker fires. */
function startPair() {
  const channel = new MessageChannel();
  channels.push(channel);
  const errors = new EventTarget();
  let terminated = 0;
  let seenWaitSignal: AbortSignal | undefined;
  const endpoint: WorkerEndpoint = {
    postMessage: (message, transfer) => channel.port1.postMessage(message, transfer),
    addEventListener: (type: string, listener: (event: never) => void) => {
      if (type === 'message') channel.port1.addEventListener('message', listener as (event: MessageEvent) => void);
      else errors.addEventListener(type, listener as (event: Event) => void);
    },
    start: () => channel.port1.start(),
    terminate: () => void (terminated += 1),
  };
  const scope = channel.port2 as unknown as WorkerScope;
  const emitter = serveWorker(
    testWorker,
    {
      echo: ({ text }) => `«${text}»`,
      reverse: (bytes, context) => {
        const out = new Uint8Array(bytes).reverse();
        context.transfer(out.buffer);
        return out;
      },
      count: async (to, context) => {
        for (let i = 1; i <= to; i += 1) context.progress(i);
        return to;
      },
      wait: (_input, context) => {
        seenWaitSignal = context.signal;
        return new Promise((resolve) => context.signal.addEventListener('abort', () => resolve('aborted')));
      },
      refuse: () => {
        throw new DeskFailure('refused', 'Hồ sơ không hợp lệ.', 'component 3 has no pages');
      },
      // Stands for a worker built from an older contract: it does not implement this method.
      missing: undefined as unknown as () => void,
    },
    scope,
  );
  channel.port2.start();
  const client = connectWorker(testWorker, () => endpoint);
  return { client, emitter, crash: () => errors.dispatchEvent(new Event('error')), terminated: () => terminated, waitSignal: () => seenWaitSignal };
}

describe('worker protocol over a real MessageChannel', () => {
  it('answers calls by id, concurrently', async () => {
    const { client } = startPair();
    await expect(Promise.all([client.call.echo({ text: 'một' }), client.call.echo({ text: 'hai' })])).resolves.toEqual(['«một»', '«hai»']);
  });

  it('moves bytes both ways and they arrive equal', async () => {
    const { client } = startPair();
    const bytes = new Uint8Array(64 * 1024).map((_, i) => (i * 31) & 0xff);
    const expected = new Uint8Array(bytes).reverse();
    const sent = new Uint8Array(bytes);
    const reply = await client.call.reverse(sent, { transfer: [sent.buffer] });
    expect(sent.byteLength).toBe(0); // transferred, not copied
    expect(reply).toEqual(expected);
  });

  it('delivers progress to the call that asked for it', async () => {
    const { client } = startPair();
    const seen: number[] = [];
    await expect(client.call.count(3, { onProgress: (value) => seen.push(value) })).resolves.toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('delivers named events from the worker', async () => {
    const { client, emitter } = startPair();
    const got = new Promise((resolve) => client.on('status', resolve));
    emitter.emit('status', { link: 'online' });
    await expect(got).resolves.toEqual({ link: 'online' });
  });

  it('cancels a call mid-way: it rejects typed and the worker sees its signal abort', async () => {
    const { client, waitSignal } = startPair();
    const controller = new AbortController();
    const call = client.call.wait(undefined, { signal: controller.signal });
    await expect.poll(() => waitSignal()).toBeDefined();
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCancelledError);
    expect(error).toBeInstanceOf(DeskFailure);
    expect((error as DeskFailure).code).toBe('cancelled');
    await expect.poll(() => waitSignal()?.aborted).toBe(true);
  });

  it('rebuilds a thrown DeskFailure with its code, message and detail', async () => {
    const { client } = startPair();
    const error = await client.call.refuse().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeskFailure);
    expect(error).toMatchObject({ code: 'refused', userMessage: 'Hồ sơ không hợp lệ.', detail: 'component 3 has no pages' });
  });

  it('refuses a method the worker does not implement instead of hanging', async () => {
    const { client } = startPair();
    await expect(client.call.missing()).rejects.toMatchObject({ code: 'unknown-method', userMessage: expect.stringContaining('Luồng nền') });
  });

  it('rejects every pending call when the worker crashes, and starts afresh on the next call', async () => {
    const { client, crash, terminated, waitSignal } = startPair();
    const first = client.call.wait();
    const second = client.call.wait();
    await expect.poll(() => waitSignal()).toBeDefined();
    crash();
    for (const call of [first, second]) await expect(call).rejects.toMatchObject({ code: 'worker-crashed', userMessage: expect.stringContaining('gặp lỗi') });
    expect(terminated()).toBe(1);
    await expect(client.call.echo({ text: 'lại' })).resolves.toBe('«lại»');
  });
});
