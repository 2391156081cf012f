/**
 * TIFF LZW (compression 5, MSB-first codes, early change) decoding that stops on damaged data.
 * It replaces the TIFF library's own decoder, which never returns when a damaged stream runs its
 * code table past 4096 entries: a broken file from a scanner must not hang the main process.
 * Writes into `target` from `targetOffset` and never past its end; returns the end offset.
 */
export function decodeTiffLzw(source: Uint8Array, offset: number, length: number, target: Uint8Array, targetOffset: number): number {
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const size = new Uint16Array(4096);
  for (let code = 0; code < 256; code += 1) {
    prefix[code] = -1;
    suffix[code] = code;
    first[code] = code;
    size[code] = 1;
  }
  const end = Math.min(source.length, offset + length);
  let bit = offset * 8;
  const endBit = end * 8;
  let width = 9;
  let next = 258;
  let previous = -1;
  let out = targetOffset;

  const read = (): number => {
    if (bit + width > endBit) return 257;
    let value = 0;
    for (let i = 0; i < width; i += 1) {
      const position = bit + i;
      value = (value << 1) | ((source[position >> 3]! >> (7 - (position & 7))) & 1);
    }
    bit += width;
    return value;
  };
  const emit = (code: number): boolean => {
    const count = size[code]!;
    if (out + count > target.length) {
      // Fill what fits and stop: the image buffer is full.
      let c = code;
      const fits = target.length - out;
      for (let i = count - 1; i >= 0; i -= 1) {
        if (i < fits) target[out + i] = suffix[c]!;
        c = prefix[c]!;
      }
      out = target.length;
      return false;
    }
    let c = code;
    for (let i = count - 1; i >= 0; i -= 1) {
      target[out + i] = suffix[c]!;
      c = prefix[c]!;
    }
    out += count;
    return true;
  };
  const add = (base: number, byte: number) => {
    if (next >= 4096) return;
    prefix[next] = base;
    suffix[next] = byte;
    first[next] = first[base]!;
    size[next] = size[base]! + 1;
    next += 1;
    if (next + 1 >= 1 << width && width < 12) width += 1;
  };

  for (;;) {
    const code = read();
    if (code === 257) break;
    if (code === 256) {
      width = 9;
      next = 258;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255) break;
      if (!emit(code)) break;
      previous = code;
      continue;
    }
    if (code < next) {
      if (!emit(code)) break;
      add(previous, first[code]!);
    } else if (code === next && next < 4096) {
      add(previous, first[previous]!);
      if (!emit(code)) break;
    } else {
      break;
    }
    previous = code;
  }
  return out;
}
