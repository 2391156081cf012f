/** Bytes per value of each TIFF field type (TIFF 6.0 §2, plus IFD = 13). */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
/** Tags whose values point at further directories. */
const DIRECTORY_TAGS = new Set([330, 34665, 34853, 40965]);

/**
 * Walks every image file directory of a TIFF, and the directories they point to, checking that
 * each entry's values lie inside the file and that the chain ends. The TIFF library trusts these
 * counts and offsets, so a damaged header could make it allocate without bound; after this check
 * every array it builds is bounded by the file's size. Throws a RangeError saying what is wrong.
 */
export function checkTiffStructure(bytes: Uint8Array, limits: { maxDirectories?: number } = {}): void {
  if (bytes.length < 8) throw new RangeError('TIFF header cut off');
  const little = bytes[0] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  if (u16(2) !== 42) throw new RangeError('not a classic TIFF (BigTIFF is not supported)');
  const maxDirectories = limits.maxDirectories ?? 2000;
  const visited = new Set<number>();
  const pending: number[] = [u32(4)];
  while (pending.length > 0) {
    const offset = pending.pop()!;
    if (offset === 0) continue;
    if (visited.has(offset)) throw new RangeError(`directory at ${offset} is reached twice (loop)`);
    visited.add(offset);
    if (visited.size > maxDirectories) throw new RangeError(`more than ${maxDirectories} directories`);
    if (offset + 2 > bytes.length) throw new RangeError(`directory at ${offset} outside the file (${bytes.length} bytes)`);
    const count = u16(offset);
    const end = offset + 2 + count * 12;
    if (count === 0 || end + 4 > bytes.length) throw new RangeError(`directory at ${offset} with ${count} entries runs past the end`);
    for (let i = 0; i < count; i += 1) {
      const entry = offset + 2 + i * 12;
      const tag = u16(entry);
      const type = u16(entry + 2);
      const values = u32(entry + 4);
      const size = TYPE_SIZES[type];
      if (size === undefined) throw new RangeError(`tag ${tag}: unknown field type ${type}`);
      const total = values * size;
      if (total > bytes.length) throw new RangeError(`tag ${tag}: ${values} values do not fit in the file`);
      const valueOffset = total <= 4 ? entry + 8 : u32(entry + 8);
      if (valueOffset + total > bytes.length) throw new RangeError(`tag ${tag}: values at ${valueOffset} run past the end`);
      if (DIRECTORY_TAGS.has(tag) && (type === 4 || type === 13)) {
        for (let v = 0; v < Math.min(values, 64); v += 1) pending.push(u32(valueOffset + v * 4));
      }
    }
    pending.push(u32(end));
  }
}
