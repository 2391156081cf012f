/**
 * Folds text for diacritic-insensitive matching: lower case, tone marks and vowel marks removed
 * (NFD + combining marks dropped), đ → d, whitespace collapsed. "Nguyễn Văn A" → "nguyen van a".
 * Folding never changes the number of words, so folded positions still point at the right word.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
