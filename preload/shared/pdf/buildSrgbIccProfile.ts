/**
 * A compact ICC v2 display profile for sRGB (D50-adapted primaries, sampled sRGB tone curve),
 * built from the published sRGB constants. PDF/A needs an output intent with an embedded ICC
 * profile before device colour (scanned RGB/gray images) may appear; generating it here keeps the
 * packaging code free of binary assets and identical in Node and the browser.
 */
export function buildSrgbIccProfile(): Uint8Array {
  const description = 'sRGB (Mot Cua Desk)';
  const copyright = 'No copyright, use freely';
  const curvePoints = 256;
  const tags: Array<{ signature: string; data: Uint8Array }> = [];
  const desc = new Uint8Array(12 + description.length + 1 + 4 + 4 + 2 + 1 + 67);
  writeAscii(desc, 0, 'desc');
  writeU32(desc, 8, description.length + 1);
  writeAscii(desc, 12, description);
  tags.push({ signature: 'desc', data: desc });
  const cprt = new Uint8Array(8 + copyright.length + 1);
  writeAscii(cprt, 0, 'text');
  writeAscii(cprt, 8, copyright);
  tags.push({ signature: 'cprt', data: cprt });
  tags.push({ signature: 'wtpt', data: xyz(0.9642, 1.0, 0.8249) });
  tags.push({ signature: 'rXYZ', data: xyz(0.4361, 0.2225, 0.0139) });
  tags.push({ signature: 'gXYZ', data: xyz(0.3851, 0.7169, 0.0971) });
  tags.push({ signature: 'bXYZ', data: xyz(0.1431, 0.0606, 0.7141) });
  const curve = new Uint8Array(12 + curvePoints * 2 + ((curvePoints * 2) % 4));
  writeAscii(curve, 0, 'curv');
  writeU32(curve, 8, curvePoints);
  for (let i = 0; i < curvePoints; i += 1) {
    const v = i / (curvePoints - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    const value = Math.round(linear * 65535);
    curve[12 + i * 2] = value >> 8;
    curve[13 + i * 2] = value & 0xff;
  }
  for (const signature of ['rTRC', 'gTRC', 'bTRC']) tags.push({ signature, data: curve });

  const tableSize = 4 + tags.length * 12;
  let offset = 128 + tableSize;
  const placed = tags.map((tag) => {
    const at = offset;
    offset += tag.data.length + ((4 - (tag.data.length % 4)) % 4);
    return { ...tag, at };
  });
  const profile = new Uint8Array(offset);
  writeU32(profile, 0, offset);
  writeU32(profile, 8, 0x02100000);
  writeAscii(profile, 12, 'mntrRGB XYZ ');
  // Creation date 2026-01-01 00:00:00 (fixed, so output is reproducible).
  [2026, 1, 1, 0, 0, 0].forEach((value, i) => {
    profile[24 + i * 2] = value >> 8;
    profile[25 + i * 2] = value & 0xff;
  });
  writeAscii(profile, 36, 'acsp');
  profile.set(xyz(0.9642, 1.0, 0.8249).subarray(8), 68);
  writeU32(profile, 128, tags.length);
  placed.forEach((tag, i) => {
    writeAscii(profile, 132 + i * 12, tag.signature);
    writeU32(profile, 136 + i * 12, tag.at);
    writeU32(profile, 140 + i * 12, tag.data.length);
    profile.set(tag.data, tag.at);
  });
  return profile;
}

function xyz(x: number, y: number, z: number): Uint8Array {
  const bytes = new Uint8Array(20);
  writeAscii(bytes, 0, 'XYZ ');
  [x, y, z].forEach((value, i) => writeU32(bytes, 8 + i * 4, Math.round(value * 65536) >>> 0));
  return bytes;
}

function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

function writeAscii(bytes: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i += 1) bytes[at + i] = text.charCodeAt(i) & 0x7f;
}
