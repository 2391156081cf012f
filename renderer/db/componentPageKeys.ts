import type { DeskDatabase } from './database';

/**
 * The pages of one component in page order, as id and order only, from the indexes: no sealed
 * image is opened (reading the pages would decrypt every image of the component). `fromOrder`
 * starts the list at that order.
 */
export async function componentPageKeys(db: DeskDatabase, dossierId: string, componentId: string | undefined, fromOrder = -Infinity): Promise<Array<{ id: string; order: number }>> {
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
