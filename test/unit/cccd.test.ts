import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCccd, decodeCccd } from '../../preload/shared/domain/cccd';

const today = new Date('2026-11-24T00:00:00Z');

describe('CCCD number', () => {
  it('decodes province, gender and century', () => {
    expect(decodeCccd('001085123456')).toEqual({ provinceCode: '001', gender: 'male', birthYear: 1985 });
    expect(decodeCccd('079195000001')).toEqual({ provinceCode: '079', gender: 'female', birthYear: 1995 });
    expect(decodeCccd('036303000123')).toEqual({ provinceCode: '036', gender: 'female', birthYear: 2003 });
    expect(decodeCccd('036212000123')).toEqual({ provinceCode: '036', gender: 'male', birthYear: 2012 });
    expect(decodeCccd('12345')).toBeUndefined();
  });

  it('accepts a number that agrees with the form', () => {
    expect(checkCccd({ idNumber: '001085123456', birthDate: '1985-03-12', gender: 'male', today })).toEqual([]);
    expect(checkCccd({ idNumber: ' 001085123456 ', today })).toEqual([]);
  });

  it('does not reject unknown province codes', () => {
    expect(checkCccd({ idNumber: '999085123456', today })).toEqual([]);
  });

  it('names each problem', () => {
    expect(checkCccd({ idNumber: '00108512345', today })).toEqual(['length']);
    expect(checkCccd({ idNumber: '00108512345a', today })).toEqual(['digits']);
    expect(checkCccd({ idNumber: '001685123456', today })).toEqual(['century']);
    expect(checkCccd({ idNumber: '001299123456', today })).toEqual(['century']);
    expect(checkCccd({ idNumber: '001085123456', birthDate: '1986-01-01', today })).toEqual(['birthYear']);
    expect(checkCccd({ idNumber: '001085123456', gender: 'female', today })).toEqual(['gender']);
  });

  it('agrees with itself for any birth date and gender it encodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2026 }), fc.constantFrom('male', 'female'), fc.integer({ min: 0, max: 999_999 }), (year, gender, serial) => {
        const centuryDigit = Math.floor((year - 1900) / 100) * 2 + (gender === 'female' ? 1 : 0);
        const id = `001${centuryDigit}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
        expect(checkCccd({ idNumber: id, birthDate: `${year}-06-01`, gender: gender as 'male' | 'female', today })).toEqual([]);
      }),
    );
  });
});
