import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findTd1InText } from '../../../preload/shared/card/mrz';
import { td1Mrz } from '../../support/card/syntheticCitizen';

describe('MRZ from OCR text of the card back', () => {
  it('finds the MRZ among the other text, undoing the usual OCR mistakes', () => {
    const [l1, l2, l3] = td1Mrz().split('\n') as [string, string, string];
    const ocr = [
      'Đặc điểm nhân dạng: Nốt ruồi C:1cm trên trước mép phải',
      'Ngày, tháng, năm: 10/05/2021',
      // Spaces inserted, '<' read as '«' and 'K', digits read as letters.
      `${l1.slice(0, 10)} ${l1.slice(10).replace('<<<', '«<K')}`.replace('0900', 'O9OO'),
      l2.replace('900312', '9OO3I2').replaceAll('<', '«'),
      l3.replace('<<', '< <'),
      'CỤC TRƯỞNG CỤC CẢNH SÁT',
    ].join('\n');
    expect(findTd1InText(ocr)).toBe(td1Mrz());
  });

  it('finds nothing when a check digit cannot be made to hold', () => {
    const broken = td1Mrz().replace('900312', '900313');
    expect(findTd1InText(broken)).toBeUndefined();
    expect(findTd1InText('không có gì')).toBeUndefined();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      findTd1InText(text);
    }));
  });
});
