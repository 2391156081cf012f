/**
 * Expiry dates of a CCCD, for deriving BAC keys without the MRZ. A card runs to the holder's
 * birthday at the next renewal age: 25, 40, 60 (Luật Căn cước công dân 2014), and also 14 for cards
 * under Luật Căn cước 2023; a card issued within the 2 years before a renewal age runs to the
 * following one; a card issued from 58 on has no expiry. Because which law applied and the
 * 2-year rule are not visible in the QR code, this lists every plausible date, most likely first.
 */

const OLD_LAW_AGES = [25, 40, 60];
const NEW_LAW_AGES = [14, 25, 40, 60];
/** Luật Căn cước 2023 took effect on 1 July 2024. */
const NEW_LAW_FROM = '2024-07-01';

function birthday(birthIso: string, age: number): string {
  const [y, m, d] = birthIso.split('-').map(Number) as [number, number, number];
  const year = y + age;
  // 29 February in a common year: the card runs to 1 March.
  const date = new Date(Date.UTC(year, m - 1, d));
  return date.toISOString().slice(0, 10);
}

function expiryUnder(ages: number[], birthIso: string, issueIso: string): string | undefined {
  for (let i = 0; i < ages.length; i += 1) {
    const milestone = birthday(birthIso, ages[i]!);
    if (milestone <= issueIso) continue;
    const twoYearsBefore = birthday(birthIso, ages[i]! - 2);
    if (issueIso >= twoYearsBefore) return ages[i + 1] === undefined ? undefined : birthday(birthIso, ages[i + 1]!);
    return milestone;
  }
  return undefined;
}

/** ISO expiry dates to try, most likely first; empty for a card without expiry. */
export function cccdExpiryCandidates(birthIso: string, issueIso: string): string[] {
  // Issued from 58 on (2 years before the last renewal age): valid for life under both laws.
  if (issueIso >= birthday(birthIso, 58)) return [];
  const lawFirst = issueIso >= NEW_LAW_FROM ? [NEW_LAW_AGES, OLD_LAW_AGES] : [OLD_LAW_AGES, NEW_LAW_AGES];
  const candidates: string[] = [];
  const add = (date: string | undefined) => {
    if (date && !candidates.includes(date)) candidates.push(date);
  };
  for (const ages of lawFirst) add(expiryUnder(ages, birthIso, issueIso));
  // Then the renewal ages around the issue date without the 2-year rule, in case it was not applied.
  for (const age of NEW_LAW_AGES) {
    const date = birthday(birthIso, age);
    if (date > issueIso) add(date);
  }
  return candidates;
}

/** ISO date to the MRZ's YYMMDD. */
export function isoToYymmdd(iso: string): string {
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}
