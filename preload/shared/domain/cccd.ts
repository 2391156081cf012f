/**
 * CCCD (12-digit personal identification number) checks. The number is
 * province(3) + gender/century(1) + birth year(2) + serial(6). Unknown province codes are not
 * rejected: the list changes and a hard reject would turn away a valid citizen.
 */

export type CccdProblem = 'length' | 'digits' | 'century' | 'birthYear' | 'gender';

export interface CccdInfo {
  provinceCode: string;
  gender: 'male' | 'female';
  birthYear: number;
}

/** Reads what the number itself says; undefined when it is not 12 digits. */
export function decodeCccd(value: string): CccdInfo | undefined {
  if (!/^\d{12}$/.test(value)) return undefined;
  const genderDigit = Number(value[3]);
  const century = 1900 + Math.floor(genderDigit / 2) * 100;
  return {
    provinceCode: value.slice(0, 3),
    gender: genderDigit % 2 === 0 ? 'male' : 'female',
    birthYear: century + Number(value.slice(4, 6)),
  };
}

export interface CccdCheckInput {
  idNumber: string;
  /** ISO date `YYYY-MM-DD`, if known: its year must match the number. */
  birthDate?: string;
  gender?: 'male' | 'female';
  /** Checks that the birth year is not in the future. */
  today?: Date;
}

/** Lists what is wrong with a CCCD number, in the light of what else the form says. */
export function checkCccd(input: CccdCheckInput): CccdProblem[] {
  const value = input.idNumber.trim();
  if (!/^\d*$/.test(value)) return ['digits'];
  if (value.length !== 12) return ['length'];
  const info = decodeCccd(value);
  if (!info) return ['digits'];
  const problems: CccdProblem[] = [];
  const today = input.today ?? new Date();
  // Digits 6–9 would mean births after 2199: no valid card carries them yet.
  if (Number(value[3]) > 5 || info.birthYear > today.getFullYear()) problems.push('century');
  if (input.birthDate) {
    const year = Number(input.birthDate.slice(0, 4));
    if (Number.isInteger(year) && year !== info.birthYear) problems.push('birthYear');
  }
  if (input.gender && input.gender !== info.gender) problems.push('gender');
  return problems;
}

/** Vietnamese explanations for the officer. */
export const cccdProblemMessages: Record<CccdProblem, string> = {
  length: 'Số CCCD phải có đúng 12 chữ số.',
  digits: 'Số CCCD chỉ gồm chữ số.',
  century: 'Chữ số thứ 4 (giới tính và thế kỷ sinh) không hợp lệ.',
  birthYear: 'Năm sinh không khớp với chữ số thứ 5–6 của số CCCD.',
  gender: 'Giới tính không khớp với chữ số thứ 4 của số CCCD.',
};
