/** Text as compared for CER: NFC, whitespace runs collapsed to one space, trimmed. */
export function normaliseForCer(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Character error rate: Levenshtein distance between the normalised texts divided by the length of
 * the reference (so 0 is perfect; above 1 is possible when the hypothesis is mostly junk).
 */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const ref = Array.from(normaliseForCer(reference));
  const hyp = Array.from(normaliseForCer(hypothesis));
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  let previous = new Uint32Array(hyp.length + 1).map((_, j) => j);
  let current = new Uint32Array(hyp.length + 1);
  for (let i = 1; i <= ref.length; i += 1) {
    current[0] = i;
    for (let j = 1; j <= hyp.length; j += 1) {
      const cost = ref[i - 1] === hyp[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[hyp.length]! / ref.length;
}
