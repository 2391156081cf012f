import { describe, expect, it } from 'vitest';
import { emptyApplicant, validateApplicant } from '../../../renderer/operations/dossier/validateApplicant';

const today = new Date('2026-11-24T00:00:00Z');
const valid = { ...emptyApplicant, idNumber: '001085123456', fullName: 'Nguyễn Văn An', birthDate: '1985-03-12', gender: 'male' as const };

describe('applicant form checks', () => {
  it('accepts a complete, consistent applicant', () => {
    expect(validateApplicant({ ...valid, phone: '0912 345 678', email: 'an@example.vn' }, today)).toEqual({});
  });

  it('requires the ID number and a full name of two words or more', () => {
    expect(validateApplicant(emptyApplicant, today)).toEqual({ idNumber: { key: 'validation.required' }, fullName: { key: 'validation.required' } });
    expect(validateApplicant({ ...valid, fullName: 'An' }, today).fullName).toEqual({ key: 'validation.fullName' });
  });

  it('explains a CCCD that contradicts the birth year in Vietnamese', () => {
    expect(validateApplicant({ ...valid, birthDate: '1990-01-01' }, today).idNumber).toEqual({ text: 'Năm sinh không khớp với chữ số thứ 5–6 của số CCCD.' });
  });

  it('rejects future birth dates, bad phones and emails', () => {
    const problems = validateApplicant({ ...valid, idNumber: '001227123456', birthDate: '2027-01-01', gender: 'male', phone: '12345', email: 'a@b' }, today);
    expect(problems.birthDate).toEqual({ key: 'validation.birthDate' });
    expect(problems.phone).toEqual({ key: 'validation.phone' });
    expect(problems.email).toEqual({ key: 'validation.email' });
  });
});
