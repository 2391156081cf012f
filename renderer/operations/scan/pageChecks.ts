import type { DeskHandle } from '../../db/deskHandle';
import { updatePage } from '../../db/queries/pages';
import type { Page } from '../../db/types';
import type { PageCheckReply, PageCheckRequest } from '../../workers/pageCheckWorker';

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, (reply: PageCheckReply) => void>();
const inFlight = new Set<string>();

type RequestBody = PageCheckRequest extends infer R ? (R extends PageCheckRequest ? Omit<R, 'id'> : never) : never;

function ask(request: RequestBody): Promise<PageCheckReply> {
  worker ??= (() => {
    const created = new Worker(new URL('../../workers/pageCheckWorker.ts', import.meta.url), { type: 'module', name: 'page-checks' });
    created.onmessage = (event: MessageEvent<PageCheckReply>) => {
      waiting.get(event.data.id)?.(event.data);
      waiting.delete(event.data.id);
    };
    return created;
  })();
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ ...request, id } as PageCheckRequest);
  });
}

/**
 * Computes a stored page's checks (blank, skew, resolution) in a worker and saves them on the
 * page. Flags only: nothing is deleted or changed. A page whose image cannot be decoded is left
 * without checks.
 */
export async function checkStoredPage(db: DeskHandle, page: Page): Promise<void> {
  if (page.checks || inFlight.has(page.id) || page.mime === 'image/tiff') return;
  inFlight.add(page.id);
  try {
    const reply = await ask({ kind: 'check', image: page.image, ...(page.dpi ? { dpi: page.dpi } : {}) });
    if (reply.ok && reply.checks) await updatePage(db, page.id, { checks: reply.checks });
  } finally {
    inFlight.delete(page.id);
  }
}

/** Straightens a page by its measured skew; the scanned image is kept as `originalImage`. */
export async function deskewStoredPage(db: DeskHandle, page: Page): Promise<void> {
  if (!page.checks || page.checks.skewDegrees === 0) return;
  const reply = await ask({ kind: 'deskew', image: page.image, degrees: page.checks.skewDegrees });
  if (!reply.ok || !reply.image) return;
  await updatePage(db, page.id, { image: reply.image, originalImage: page.originalImage ?? page.image, checks: { ...page.checks, skewDegrees: 0 } });
}
