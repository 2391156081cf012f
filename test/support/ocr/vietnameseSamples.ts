/**
 * Ground-truth content of generated test pages: an official letter layout with the two-column
 * header (agency on the left, national motto on the right), a title and body paragraphs full of
 * Vietnamese diacritics. Lines are in reading order: left column, right column, then the body.
 */
export interface SamplePage {
  headerLeft: string[];
  headerRight: string[];
  title: string;
  paragraphs: string[];
}

const PARAGRAPHS = [
  'Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014 và Nghị định số 123/2015/NĐ-CP quy định chi tiết một số điều của Luật Hộ tịch, Ủy ban nhân dân phường tiếp nhận hồ sơ đăng ký khai sinh của công dân.',
  'Người yêu cầu: Nguyễn Văn An, sinh ngày 15 tháng 3 năm 1985, số định danh cá nhân 001085012345, nơi cư trú tại số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội.',
  'Hồ sơ gồm tờ khai đăng ký khai sinh, giấy chứng sinh bản chính và giấy tờ tùy thân của người đi đăng ký. Thời hạn giải quyết là 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.',
  'Đề nghị công dân kiểm tra kỹ thông tin trước khi ký; mọi sai sót về họ, chữ đệm, tên, ngày tháng năm sinh sẽ được cải chính theo thủ tục riêng và có thể phải nộp lệ phí.',
  'Trường hợp hồ sơ chưa đầy đủ, cán bộ tiếp nhận hướng dẫn bổ sung một lần bằng văn bản; không yêu cầu công dân nộp thêm giấy tờ ngoài danh mục đã công khai.',
];

const VARIANTS: Array<Pick<SamplePage, 'headerLeft' | 'title'>> = [
  { headerLeft: ['ỦY BAN NHÂN DÂN', 'PHƯỜNG HOÀN KIẾM'], title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' },
  { headerLeft: ['SỞ TƯ PHÁP', 'TỈNH BẮC NINH'], title: 'PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ' },
  { headerLeft: ['UBND HUYỆN ĐÔNG ANH', 'BỘ PHẬN MỘT CỬA'], title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT' },
];

/** A deterministic sample page; `index` picks the header variant and rotates the paragraphs. */
export function samplePage(index: number, paragraphCount = 3): SamplePage {
  const variant = VARIANTS[index % VARIANTS.length]!;
  const paragraphs = Array.from({ length: paragraphCount }, (_, i) => PARAGRAPHS[(index + i) % PARAGRAPHS.length]!);
  return {
    headerLeft: variant.headerLeft,
    headerRight: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    title: variant.title,
    paragraphs,
  };
}

/** The page's text in reading order, one logical line per array entry. */
export function sampleText(page: SamplePage): string {
  return [...page.headerLeft, ...page.headerRight, page.title, ...page.paragraphs].join('\n');
}
