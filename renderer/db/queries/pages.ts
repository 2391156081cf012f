import { tables, type DeskHandle } from '../database';
import type { Page } from '../types';

/**
 * Queries of the `pages` table. Page images and OCR text are sealed at rest: reading a page record
 * opens (decrypts) its image, megabytes of AES-GCM. Every function here that lists, counts or
 * checks reads the indexes alone; only the ones named for a page or its image read records.
 */

/**
 * The pages of one component in page order, as id and order only, from the indexes: no sealed
 * image is opened (reading the pages would decrypt every image of the component). `fromOrder`
 * starts the list at that order.
 */
export async function componentPageKeys(handle: DeskHandle, dossierId: string, componentId: string | undefined, fromOrder = -Infinity): Promise<Array<{ id: string; order: number }>> {
  const db = tables(handle);
  const range = db.pages.where('[dossierId+order]').between([dossierId, fromOrder], [dossierId, Infinity]);
  if (componentId === undefined) {
    // Pages outside any component are not in the componentId index; they are rare, read them.
    return (await range.toArray()).filter((page) => page.componentId === undefined).map((page) => ({ id: page.id, order: page.order }));
  }
  const inComponent = new Set(await db.pages.where('componentId').equals(componentId).primaryKeys());
  const pages: Array<{ id: string; order: number }> = [];
  await range.eachKey((key, cursor) => {
    const id = String(cursor.primaryKey);
    if (inComponent.has(id) && Array.isArray(key)) pages.push({ id, order: Number(key[1]) });
  });
  return pages;
}

/**
 * The highest page order of a dossier (0 while it has none), read from the `[dossierId+order]`
 * index alone. Reading the last page itself would open its sealed image, megabytes of AES-GCM,
 * for every page added.
 */
export async function lastPageOrder(handle: DeskHandle, dossierId: string): Promise<number> {
  const key = await tables(handle).pages.where('[dossierId+order]').between([dossierId, -Infinity], [dossierId, Infinity]).lastKey();
  return Array.isArray(key) && typeof key[1] === 'number' ? key[1] : 0;
}

/**
 * How many pages each of a dossier's components has (components without pages count 0), from the
 * `componentId` index: no page is read, so no image is opened.
 */
export async function componentPageCounts(handle: DeskHandle, dossierId: string): Promise<Map<string, number>> {
  const db = tables(handle);
  const componentIds = await db.components.where('dossierId').equals(dossierId).primaryKeys();
  const counts = await Promise.all(componentIds.map((componentId) => db.pages.where('componentId').equals(componentId).count()));
  return new Map(componentIds.map((componentId, i) => [componentId, counts[i]!]));
}

/**
 * The components of a dossier that have at least one page, as `{ componentId }` (the shape the
 * intake check takes), from the indexes alone: what the checklist, the intake check, the receipt
 * and digitization need to know without opening a single image.
 */
export async function componentsWithPages(handle: DeskHandle, dossierId: string): Promise<Array<{ componentId: string }>> {
  const counts = await componentPageCounts(handle, dossierId);
  return [...counts].filter(([, count]) => count > 0).map(([componentId]) => ({ componentId }));
}

/**
 * A page to append: what it is and where it goes; `appendPages` gives its order, time and rotation.
 * Its id is stable for pages that may be handed over twice (a scanned page), so a repeat is stored
 * once; `dpi` is the resolution scanned at or declared by the file, when known.
 */
export type NewPage = Pick<Page, 'id' | 'componentId' | 'image' | 'mime' | 'width' | 'height' | 'dpi' | 'source'>;

async function recountPages(handle: DeskHandle, dossierId: string, now: number): Promise<void> {
  const db = tables(handle);
  const pageCount = await db.pages.where('dossierId').equals(dossierId).count();
  await db.dossiers.update(dossierId, { pageCount, updatedAt: now, pagesChangedAt: now });
}

/** Records that the dossier's pages changed in a way its PDFs show (turned, moved, straightened). */
export async function markPagesChanged(handle: DeskHandle, dossierId: string, now = Date.now()): Promise<void> {
  await tables(handle).dossiers.update(dossierId, { pagesChangedAt: now });
}

/**
 * Appends pages after the dossier's last page, in the order given, and keeps the dossier's page
 * count true, in one transaction. Idempotent per page id: a page already stored (found through the
 * primary key, without opening it) is left as it is and not appended again. Returns false, storing
 * nothing, when the dossier no longer exists.
 */
export async function appendPages(handle: DeskHandle, dossierId: string, pages: readonly NewPage[], now = Date.now()): Promise<boolean> {
  const db = tables(handle);
  return db.transaction('rw', db.pages, db.dossiers, async () => {
    const stored = new Set(await db.pages.where(':id').anyOf(pages.map((page) => page.id)).primaryKeys());
    const fresh = pages.filter((page) => !stored.has(page.id));
    if (fresh.length === 0 && pages.length > 0) return true;
    if ((await db.dossiers.where(':id').equals(dossierId).count()) === 0) return false;
    let order = (await lastPageOrder(handle, dossierId)) + 1;
    const records: Page[] = fresh.map((page) => ({
      id: page.id,
      dossierId,
      ...(page.componentId ? { componentId: page.componentId } : {}),
      order: order++,
      image: page.image,
      mime: page.mime,
      ...(page.width ? { width: page.width, height: page.height } : {}),
      ...(page.dpi ? { dpi: page.dpi } : {}),
      rotation: 0,
      source: page.source,
      createdAt: now,
    }));
    await db.pages.bulkAdd(records);
    await recountPages(handle, dossierId, now);
    return true;
  });
}

/** One page with its image (opened): for showing, checking or changing that page. */
export function getPage(handle: DeskHandle, pageId: string): Promise<Page | undefined> {
  return tables(handle).pages.get(pageId);
}

/** Every page of a dossier with its image, in page order: for viewing and OCR, not for counting. */
export function dossierPages(handle: DeskHandle, dossierId: string): Promise<Page[]> {
  return tables(handle).pages.where('[dossierId+order]').between([dossierId, -Infinity], [dossierId, Infinity]).toArray();
}

/** Every page of a component with its image, in page order: what packaging puts in the PDF. */
export async function componentPages(handle: DeskHandle, componentId: string): Promise<Page[]> {
  return (await tables(handle).pages.where('componentId').equals(componentId).toArray()).sort((a, b) => a.order - b.order);
}

/** Calls `visit` for every page that has OCR text (each page is opened): the full-text search. */
export async function eachPageWithText(handle: DeskHandle, visit: (page: Page) => void): Promise<void> {
  await tables(handle)
    .pages.filter((page) => page.ocrText !== undefined)
    .each(visit);
}

/** Every page of the desk, opened: the search over all pages. */
export function allPages(handle: DeskHandle): Promise<Page[]> {
  return tables(handle).pages.toArray();
}

/** Changes stored fields of a page (checks, OCR, rotation, image, component, order). */
export async function updatePage(handle: DeskHandle, pageId: string, changes: Partial<Omit<Page, 'id' | 'dossierId'>>): Promise<void> {
  await tables(handle).pages.update(pageId, changes);
}

/**
 * Deletes a page and keeps its dossier's page count true; returns where the page was (for the
 * audit log), or undefined when it was already gone. Run it in a transaction over `pages` and
 * `dossiers` (and whatever else the caller writes with it).
 */
export async function deletePage(handle: DeskHandle, pageId: string, now = Date.now()): Promise<Pick<Page, 'dossierId' | 'componentId' | 'order'> | undefined> {
  const db = tables(handle);
  const page = await db.pages.get(pageId);
  if (!page) return undefined;
  await db.pages.delete(pageId);
  await recountPages(handle, page.dossierId, now);
  return { dossierId: page.dossierId, componentId: page.componentId, order: page.order };
}

/**
 * Page ids by component, in page order, for every component of a dossier, from the indexes alone:
 * what the checklist shows while each thumbnail reads its own page.
 */
export async function componentPageIds(handle: DeskHandle, dossierId: string): Promise<Map<string, string[]>> {
  const componentIds = await tables(handle).components.where('dossierId').equals(dossierId).primaryKeys();
  const lists = await Promise.all(componentIds.map((componentId) => componentPageKeys(handle, dossierId, componentId)));
  return new Map(componentIds.map((componentId, i) => [componentId, lists[i]!.map((page) => page.id)]));
}
