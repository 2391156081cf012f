import { fromVietnamClock } from '../../../preload/shared/domain/calendar/localDate';
import type { ReceiptData } from '../../../preload/shared/domain/forms/formTypes';
import { AGENCY } from './formFixtures';

const applicant = { name: 'Nguyễn Thị Hồng Nhung', address: 'Số 12 ngõ 34 phố Đội Cấn, phường Ngọc Hà, Hà Nội', phone: '0912345678', email: 'nhung@example.vn' };

/** A receipt with Vietnamese names, every optional field and a multi-copy component. */
export const RECEIPT: ReceiptData = {
  agency: AGENCY,
  dossierCode: '000.00.16.H27-240415-0007',
  applicant,
  requestContent: 'Cấp Giấy chứng nhận đăng ký hoạt động lần đầu cho tổ chức khoa học và công nghệ (1.002145)',
  components: [
    { name: 'Đơn đăng ký hoạt động khoa học và công nghệ (theo mẫu)', form: 'original', copies: 1 },
    { name: 'Quyết định thành lập tổ chức khoa học và công nghệ', form: 'copy', copies: 2, note: 'Đã đối chiếu' },
    { name: 'Điều lệ tổ chức và hoạt động', form: 'photocopy', copies: 1 },
  ],
  setCount: 1,
  processingDays: 5,
  receivedAt: fromVietnamClock('2024-04-15', 9, 30),
  dueAt: fromVietnamClock('2024-04-23', 16, 0),
  resultPlace: 'Bộ phận Tiếp nhận và Trả kết quả, 113 Trần Duy Hưng, Hà Nội',
  registerBook: { book: '03', line: '127' },
  officerName: 'Trần Văn Đức',
};

