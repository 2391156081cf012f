/**
 * Run as a child process (`tsx --expose-gc`) next to a pcscd peer: follows the readers, prints
 * "ready", and once the test has stopped pcscd and the readers are gone, collects garbage and prints
 * the uncaught exceptions seen (as JSON). The PC/SC layer must leave none behind a service outage.
 */
import { createPcscReaders } from '../../../main/card/pcscReaders';

const uncaught: string[] = [];
process.on('uncaughtException', (error) => uncaught.push(`${(error as { code?: string }).code ?? ''} ${error.message}`));
const exposed = (globalThis as { gc?: () => void }).gc;
if (!exposed) throw new Error('run with --expose-gc');
const collect: () => void = exposed;

/** Follows the readers until they are gone, then reports. */
async function main(): Promise<void> {
  let gone: () => void = () => undefined;
  const allGone = new Promise<void>((resolve) => (gone = resolve));
  let known = 0;
  const readers = createPcscReaders({}, {
    reader: (_name, event) => {
      known += event === 'added' ? 1 : -1;
      if (known === 0) gone();
    },
    card: () => undefined,
  });
  if ((await readers.list()).length === 0) throw new Error(`no reader: ${readers.lastError()?.message}`);
  console.log('ready');
  await allGone;
  const reason = readers.lastError()?.message ?? '';
  readers.close();
  for (let i = 0; i < 5; i += 1) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(JSON.stringify({ reason, uncaught }));
}

void main();
