const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?(uyê|uya|uyu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|iêu|yêu|[aăâeêioôơuưy]{1,2})(ch|ng|nh|c|m|n|p|t)?$/;

/** True when a token (letters only, any case, any tones) is a well-formed Vietnamese syllable. */
export function isVietnameseSyllable(token: string): boolean {
  const base = token.toLowerCase().normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
  return SYLLABLE.test(base);
}

/**
 * Plausibility of OCR output as Vietnamese: characters in well-formed syllables or numbers count
 * for it, characters in other tokens (junk from specks, words merged across columns) count
 * against it. Used to choose between segmentation results without ground truth.
 */
export function vietnameseTextScore(text: string): number {
  let score = 0;
  for (const raw of text.normalize('NFC').split(/\s+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!token) {
      score -= raw.length;
      continue;
    }
    const good = /\p{N}/u.test(token) || token.split('-').every((part) => part !== '' && isVietnameseSyllable(part));
    score += good ? token.length : -token.length;
  }
  return score;
}
