import { foldVietnamese } from './foldVietnamese';

/** A page whose OCR text can be searched. */
export interface SearchablePage {
  id: string;
  ocrText?: string;
}

/** One hit: the page and a short excerpt of its original (accented) text around the match. */
export interface OcrSearchHit {
  pageId: string;
  excerpt: string;
}

/**
 * True when every word of the query occurs, in order and adjacent, in the text after folding
 * accents and case on both sides: officers type without diacritics ("nguyen van a") and still find
 * "Nguyễn Văn A"; a query with accents also finds unaccented OCR output. Matches whole-word starts
 * so "an" does not hit inside "bản".
 */
export function matchesOcrText(text: string, query: string): boolean {
  return findFolded(foldVietnamese(text), foldVietnamese(query)) >= 0;
}

function findFolded(haystack: string, needle: string): number {
  if (!needle) return -1;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return -1;
    if (at === 0 || haystack[at - 1] === ' ') return at;
    from = at + 1;
  }
}

/**
 * Searches pages' OCR text; returns hits in page order with an excerpt of about `context`
 * characters either side, taken from the original text (folding keeps character positions
 * because each letter folds to exactly one letter).
 */
export function searchOcrText(pages: readonly SearchablePage[], query: string, context = 30): OcrSearchHit[] {
  const needle = foldVietnamese(query);
  if (!needle) return [];
  const hits: OcrSearchHit[] = [];
  for (const page of pages) {
    if (!page.ocrText) continue;
    const original = page.ocrText.normalize('NFC').replace(/\s+/g, ' ').trim();
    const folded = foldVietnamese(original);
    const at = folded.length === original.length ? findFolded(folded, needle) : -1;
    if (at >= 0) {
      const start = Math.max(0, at - context);
      const end = Math.min(original.length, at + needle.length + context);
      hits.push({ pageId: page.id, excerpt: `${start > 0 ? '…' : ''}${original.slice(start, end)}${end < original.length ? '…' : ''}` });
    } else if (folded.length !== original.length && findFolded(folded, needle) >= 0) {
      hits.push({ pageId: page.id, excerpt: original.slice(0, context * 2) });
    }
  }
  return hits;
}
