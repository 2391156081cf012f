import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFObjectCopier, type PDFContext, type PDFDict, type PDFFont, type PDFRef } from 'pdf-lib';

/** A font subset embedded once and copied into every signed file (subsetting costs far more than signing). */
export interface AppearanceFont {
  /** Copies the embedded font's objects into `context`; returns the font dictionary's reference there. */
  copyInto(context: PDFContext): PDFRef;
  /** The text as a PDF hex string of glyph ids, for `Tj`. */
  encode(text: string): string;
  width(text: string, size: number): number;
}

// Characters every appearance needs whatever the time: digits and the ISO 8601 separators.
const ALWAYS = '0123456789-:T+ ';
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}/u;
const cache = new WeakMap<Uint8Array, Map<string, Promise<AppearanceFont>>>();

async function build(fontBytes: Uint8Array, charset: string): Promise<AppearanceFont> {
  const scratch = await PDFDocument.create({ updateMetadata: false });
  scratch.registerFontkit(fontkit);
  const font: PDFFont = await scratch.embedFont(fontBytes, { subset: true });
  // Encoding the whole character set first puts every glyph it needs into the subset before it is written.
  font.encodeText(charset);
  await scratch.flush();
  const dict = scratch.context.lookup(font.ref) as PDFDict;
  // Shaping a line with fontkit costs far more than the rest of a signature: every piece is shaped once.
  // A time stamp is put together from its characters (digits and ASCII separators have no ligatures).
  const glyphs = new Map<string, { hex: string; width: number }>();
  const shaped = (text: string) => {
    let known = glyphs.get(text);
    if (!known) {
      known = { hex: font.encodeText(text).toString().slice(1, -1), width: font.widthOfTextAtSize(text, 1000) };
      if (glyphs.size > 4096) glyphs.clear();
      glyphs.set(text, known);
    }
    return known;
  };
  const pieces = (text: string): Array<{ hex: string; width: number }> => {
    const out: Array<{ hex: string; width: number }> = [];
    let rest = text;
    for (let match = ISO_TIME.exec(rest); match; match = ISO_TIME.exec(rest)) {
      if (match.index > 0) out.push(shaped(rest.slice(0, match.index)));
      for (const character of match[0]) out.push(shaped(character));
      rest = rest.slice(match.index + match[0].length);
    }
    if (rest) out.push(shaped(rest));
    return out;
  };
  return {
    copyInto: (context) => context.register(PDFObjectCopier.for(scratch.context, context).copy(dict)),
    encode: (text) => `<${pieces(text)
      .map((piece) => piece.hex)
      .join('')}>`,
    width: (text, size) => (pieces(text).reduce((sum, piece) => sum + piece.width, 0) * size) / 1000,
  };
}

/**
 * The appearance font covering every character of `texts` (and any time stamp), built on first use
 * and kept for the same font bytes and character set: a batch of signatures by one agency embeds
 * identical font objects without subsetting the font again.
 */
export function appearanceFont(fontBytes: Uint8Array, texts: readonly string[]): Promise<AppearanceFont> {
  const charset = [...new Set([...ALWAYS, ...texts.join('')])].sort().join('');
  let byCharset = cache.get(fontBytes);
  if (!byCharset) {
    byCharset = new Map();
    cache.set(fontBytes, byCharset);
  }
  let font = byCharset.get(charset);
  if (!font) {
    font = build(fontBytes, charset);
    font.catch(() => byCharset.delete(charset));
    byCharset.set(charset, font);
  }
  return font;
}
