import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { explainEsclStop, findEsclJob, type EsclStopFacts } from '../../../main/scan/explainEsclStop';
import { parseEsclErrorBody } from '../../../main/scan/parseEsclErrorBody';
import { adfCondition, parseEsclStatus, type EsclStatus } from '../../../main/scan/parseEsclStatus';
import { EsclTransferError, requestEscl } from '../../../main/scan/requestEscl';

const cleanWord = /^[A-Za-z0-9_.:-]{0,64}$/;
const adfWords = ['ScannerAdfLoaded', 'ScannerAdfEmpty', 'ScannerAdfJam', 'ScannerAdfDoorOpen', 'ScannerAdfHatchOpen', 'ScannerAdfMispick', 'ScannerAdfMultipickDetected', 'ScannerAdfProcessing', 'ScannerAdfDuplexPageTooShort', 'ScannerAdfInputTrayOverloaded', ''];
const jobStates = ['Pending', 'Processing', 'Completed', 'Canceled', 'Aborted', ''];
const reasonWords = ['JobCompletedSuccessfully', 'ResourcesAreNotReady', 'ErrorsDetected', 'JobCanceledByUser', 'JobScanning', 'None'];
const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Known words mixed with anything at all, as a device could send. */
const word = (known: string[]) => fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 80 }));

/** A ScannerStatus in the shape devices send, with any words inside. */
const statusDocument = fc
  .record({
    state: word(['Idle', 'Processing', 'Stopped', 'Down', 'Testing']),
    stateReasons: fc.array(word(reasonWords), { maxLength: 3 }),
    adf: fc.option(word(adfWords), { nil: undefined }),
    jobs: fc.array(fc.record({ id: fc.string({ maxLength: 40 }), state: word(jobStates), reasons: fc.array(word(reasonWords), { maxLength: 3 }), images: fc.oneof(fc.nat(), fc.string({ maxLength: 5 })) }), { maxLength: 3 }),
    prefix: fc.constantFrom('scan', 'escl', 'e', 'x1'),
  })
  .map(({ state, stateReasons, adf, jobs, prefix }) => {
    const p = prefix;
    const list = (outer: string, inner: string, items: string[]) => `<pwg:${outer}>${items.map((item) => `<pwg:${inner}>${xmlText(item)}</pwg:${inner}>`).join('')}</pwg:${outer}>`;
    return `<?xml version="1.0" encoding="UTF-8"?><${p}:ScannerStatus xmlns:${p}="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm"><pwg:State>${xmlText(state)}</pwg:State>${list('StateReasons', 'StateReason', stateReasons)}${adf === undefined ? '' : `<${p}:AdfState>${xmlText(adf)}</${p}:AdfState>`}<${p}:Jobs>${jobs
      .map((job) => `<${p}:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${xmlText(job.id)}</pwg:JobUri><pwg:JobUuid>${xmlText(job.id)}</pwg:JobUuid><pwg:JobState>${xmlText(job.state)}</pwg:JobState>${list('JobStateReasons', 'JobStateReason', job.reasons)}<pwg:ImagesCompleted>${xmlText(String(job.images))}</pwg:ImagesCompleted></${p}:JobInfo>`)
      .join('')}</${p}:Jobs></${p}:ScannerStatus>`;
  });

function expectStatusShape(status: EsclStatus): void {
  expect(status.state).toMatch(cleanWord);
  expect(status.state.length).toBeGreaterThan(0);
  for (const reason of status.stateReasons) expect(reason).toMatch(cleanWord);
  if (status.adfState !== undefined) expect(status.adfState).toMatch(cleanWord);
  for (const job of status.jobs) {
    expect(job.state).toMatch(cleanWord);
    expect(job.uri.length).toBeLessThanOrEqual(500);
    for (const reason of job.reasons) expect(reason).toMatch(cleanWord);
    if (job.imagesCompleted !== undefined) expect(Number.isInteger(job.imagesCompleted)).toBe(true);
  }
}

function expectBadResponse(error: unknown): void {
  expect(error).toBeInstanceOf(DeskFailure);
  expect((error as DeskFailure).code).toBe('scanner-bad-response');
}

describe('ScannerStatus from any device', () => {
  it('reads every well-formed status, whatever words it holds, into clean words', () => {
    fc.assert(
      fc.property(statusDocument, (xml) => {
        expectStatusShape(parseEsclStatus(xml));
      }),
      { numRuns: 400 },
    );
  });

  it('reads the job state and reasons of a real AirSane status', () => {
    const status = parseEsclStatus(
      "<?xml version='1.0' encoding='UTF-8'?>\r\n<scan:ScannerStatus xmlns:pwg='http://www.pwg.org/schemas/2010/12/sm' xmlns:scan='http://schemas.hp.com/imaging/escl/2011/05/03'>\r\n<pwg:Version>2.0</pwg:Version>\r\n<pwg:State>Idle</pwg:State>\r\n<pwg:StateReasons>\r\n<pwg:StateReason>None</pwg:StateReason>\r\n</pwg:StateReasons>\r\n<scan:AdfState></scan:AdfState>\r\n<scan:Jobs>\r\n<scan:JobInfo>\r\n<pwg:JobUri>/eSCL/ScanJobs/a1b2</pwg:JobUri>\r\n<pwg:JobUuid>a1b2</pwg:JobUuid>\r\n<scan:Age>12</scan:Age>\r\n<pwg:JobState>Aborted</pwg:JobState>\r\n<pwg:ImagesCompleted>2</pwg:ImagesCompleted>\r\n<pwg:JobStateReasons>\r\n<pwg:JobStateReason>ResourcesAreNotReady</pwg:JobStateReason>\r\n</pwg:JobStateReasons>\r\n</scan:JobInfo>\r\n</scan:Jobs>\r\n</scan:ScannerStatus>\r\n",
    );
    expect(status).toEqual({ state: 'Idle', stateReasons: [], jobs: [{ uri: '/eSCL/ScanJobs/a1b2', uuid: 'a1b2', state: 'Aborted', reasons: ['ResourcesAreNotReady'], imagesCompleted: 2 }] });
  });

  it('turns damaged or arbitrary text into a status or the typed bad-response error, never a crash', () => {
    fc.assert(
      fc.property(statusDocument, fc.nat(2000), fc.nat(60), fc.string({ maxLength: 20 }), (xml, at, cut, insert) => {
        const damaged = xml.slice(0, at % (xml.length + 1)) + insert + xml.slice((at % (xml.length + 1)) + cut);
        try {
          expectStatusShape(parseEsclStatus(damaged));
        } catch (error) {
          expectBadResponse(error);
        }
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          expectStatusShape(parseEsclStatus(text));
        } catch (error) {
          expectBadResponse(error);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('refusal bodies from any device', () => {
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 600 }),
    fc.string({ maxLength: 300 }).map((text) => new TextEncoder().encode(text)),
    statusDocument.map((xml) => new TextEncoder().encode(xml)),
    fc.tuple(fc.constantFrom('<html><body><h1>', '<Error><Reason>', '<?xml version="1.0"?><e:ErrorInfo>', '<!-- '), fc.string({ maxLength: 80 })).map(([open, text]) => new TextEncoder().encode(open + text)),
  );

  it('always yields at most eight clean words, and a status only from a ScannerStatus body', () => {
    fc.assert(
      fc.property(body, (bytes) => {
        const parsed = parseEsclErrorBody(bytes);
        expect(parsed.words.length).toBeLessThanOrEqual(8);
        for (const w of parsed.words) {
          expect(w).toMatch(/^[A-Za-z0-9_.:-]{2,64}$/);
          expect(w).toMatch(/[A-Za-z]/);
        }
        if (parsed.status) expectStatusShape(parsed.status);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads the words of text, HTML and XML bodies, not their markup', () => {
    expect(parseEsclErrorBody(new TextEncoder().encode('<?xml version="1.0"?><Error><Code>ScannerIOError</Code></Error>')).words).toEqual(['ScannerIOError']);
    expect(parseEsclErrorBody(new TextEncoder().encode('<html><head><title>503</title></head><body>Scanner busy</body></html>')).words).toEqual(['Scanner', 'busy']);
    expect(parseEsclErrorBody(new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x42])).words).toEqual(['AB']);
    expect(parseEsclErrorBody(new Uint8Array()).words).toEqual([]);
  });
});

describe('what a refusal means, from any status and body', () => {
  const facts = fc.record({
    httpStatus: fc.constantFrom(0, 200, 404, 409, 410, 500, 503),
    phase: fc.constantFrom('create' as const, 'page' as const),
    usesFeeder: fc.boolean(),
    pages: fc.nat(5),
    status: fc.option(statusDocument.map((xml) => parseEsclStatus(xml)), { nil: undefined }),
    body: fc.option(
      fc.string({ maxLength: 200 }).map((text) => parseEsclErrorBody(new TextEncoder().encode(text))),
      { nil: undefined },
    ),
    jobId: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  });

  it('always decides, says empty only on an AdfEmpty state, and done only after a page', () => {
    fc.assert(
      fc.property(facts, ({ jobId, ...rest }) => {
        const input: EsclStopFacts = { ...rest, ...(jobId === undefined ? {} : { jobUrl: `http://192.0.2.7/eSCL/ScanJobs/${jobId}` }) };
        const verdict = explainEsclStop(input);
        const adf = input.usesFeeder ? (input.status?.adfState ?? input.body?.words.find((w) => /^ScannerAdf/i.test(w))) : undefined;
        if (verdict.outcome === 'failed') {
          expect(verdict.failure).toBeInstanceOf(DeskFailure);
          expect(verdict.failure.code).toMatch(/^scanner-/);
          expect(verdict.failure.userMessage.length).toBeGreaterThan(10);
          if (verdict.failure.code === 'scanner-feeder-empty') expect(adfCondition(adf)).toBe('empty');
        } else if (verdict.outcome === 'done') {
          expect(input.pages).toBeGreaterThan(0);
          const status = input.status ?? input.body?.status;
          const job = status ? findEsclJob(status.jobs, input.jobUrl) : undefined;
          expect(adfCondition(adf) === 'empty' || (job?.state === 'Completed' && input.httpStatus === 404)).toBe(true);
        } else {
          for (const w of verdict.words) expect(w.length).toBeLessThanOrEqual(64);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the HTTP exchange with any device', () => {
  let server: net.Server;
  let port = 0;
  let answer: Uint8Array = new Uint8Array();
  beforeAll(async () => {
    // A raw TCP peer: it answers every request with the bytes it is given, then closes.
    server = net.createServer((socket) => {
      socket.once('data', () => socket.end(Buffer.from(answer)));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const header = fc.constantFrom('Content-Length: 10\r\n', 'Content-Length: 0\r\n', 'Content-Length: 99999\r\n', 'Transfer-Encoding: chunked\r\n', 'Content-Length: x\r\n', '');
  const reply = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.tuple(fc.constantFrom(200, 201, 404, 409, 503), header, fc.uint8Array({ maxLength: 120 }), fc.boolean()).map(([status, head, bodyBytes, chunk]) => {
      const body = chunk ? Buffer.concat([Buffer.from(`${bodyBytes.length.toString(16)}\r\n`), Buffer.from(bodyBytes), Buffer.from('\r\n0\r\n\r\n')]) : Buffer.from(bodyBytes);
      return new Uint8Array(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} X\r\n${head}Connection: close\r\n\r\n`), body]));
    }),
  );

  it('yields a whole reply or the typed transfer error, and a body never longer than announced', async () => {
    await fc.assert(
      fc.asyncProperty(reply, async (bytes) => {
        answer = bytes;
        const exchange = requestEscl(`http://127.0.0.1:${port}/eSCL/ScanJobs/1/NextDocument`, { timeoutMs: 5000 });
        try {
          const got = await exchange.reply;
          const length = got.headers['content-length'];
          if (got.framing === 'length') expect(got.body.length).toBe(Number(length));
        } catch (error) {
          expect(error).toBeInstanceOf(EsclTransferError);
          expect((error as EsclTransferError).userMessage.length).toBeGreaterThan(10);
        }
        await exchange.closed;
        expect(exchange.open).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('tells a body cut before its Content-Length or its last chunk from a whole one', async () => {
    const cut = async (raw: string) => {
      answer = new TextEncoder().encode(raw);
      return requestEscl(`http://127.0.0.1:${port}/x`, { timeoutMs: 5000 }).reply.then(
        (got) => ({ whole: got.body.length, framing: got.framing }),
        (error: EsclTransferError) => ({ cut: error.cut }),
      );
    };
    expect(await cut('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345')).toEqual({ cut: { status: 200, received: 5, expected: 10, framing: 'length' } });
    expect(await cut('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n')).toEqual({ cut: { status: 200, received: 5, framing: 'chunked' } });
    expect(await cut('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n0\r\n\r\n')).toEqual({ whole: 5, framing: 'chunked' });
    expect(await cut('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n12345')).toEqual({ whole: 5, framing: 'close' });
  });
});
