import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../../preload/shared/domain/search/foldVietnamese';
import { matchesOcrText, searchOcrText } from '../../../preload/shared/domain/search/searchOcrText';

describe('foldVietnamese', () => {
  it('removes tone and vowel marks, folds đ and case, collapses spaces', () => {
    expect(foldVietnamese('Nguyễn  Văn\nA')).toBe('nguyen van a');
    expect(foldVietnamese('ĐỘC LẬP - Tự do - Hạnh phúc')).toBe('doc lap - tu do - hanh phuc');
    expect(foldVietnamese('Ủy ban nhân dân phường Hoàn Kiếm')).toBe('uy ban nhan dan phuong hoan kiem');
  });

  it('treats composed and decomposed input alike and keeps one letter per letter', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aăâeêioôơuưyđAĂÂĐ áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệóòỏõọốồổỗộớờởỡợúùủũụứừửữự'.split('')) }), (text) => {
        expect(foldVietnamese(text.normalize('NFD'))).toBe(foldVietnamese(text.normalize('NFC')));
        const nfc = text.normalize('NFC').replace(/\s+/g, ' ').trim();
        expect(foldVietnamese(nfc)).toHaveLength(nfc.length);
      }),
    );
  });
});

describe('matchesOcrText', () => {
  const ocr = 'Người yêu cầu: Nguyễn Văn A, sinh ngày 15 tháng 3 năm 1985,\nsố định danh cá nhân 001085012345';

  it('finds "nguyen van a" in "Nguyễn Văn A" and accented queries in any case', () => {
    expect(matchesOcrText(ocr, 'nguyen van a')).toBe(true);
    expect(matchesOcrText(ocr, 'NGUYỄN VĂN A')).toBe(true);
    expect(matchesOcrText(ocr, 'so dinh danh')).toBe(true);
    expect(matchesOcrText(ocr, '1985, so')).toBe(true);
  });

  it('does not match inside words or out of order', () => {
    expect(matchesOcrText(ocr, 'guyen')).toBe(false);
    expect(matchesOcrText(ocr, 'van nguyen')).toBe(false);
    expect(matchesOcrText(ocr, '   ')).toBe(false);
  });
});

describe('searchOcrText', () => {
  it('returns hits in page order with an accented excerpt around the match', () => {
    const pages = [
      { id: 'p1', ocrText: 'Tờ khai đăng ký khai sinh' },
      { id: 'p2' },
      { id: 'p3', ocrText: 'Người yêu cầu: Nguyễn Văn A, sinh ngày 15 tháng 3 năm 1985' },
    ];
    expect(searchOcrText(pages, 'nguyen van a', 8)).toEqual([{ pageId: 'p3', excerpt: '…êu cầu: Nguyễn Văn A, sinh n…' }]);
    expect(searchOcrText(pages, 'khai').map((h) => h.pageId)).toEqual(['p1']);
  });
});
