/**
 * Two procedures as the portal's `LayThuTuc` would describe them, in the nesting the public client
 * OpenCPS v2 reads (upper-case fields; see main/hub/portal/parsePortalCatalog.ts for what is assumed).
 */
export const PORTAL_PROCEDURE_DETAILS = {
  '1.001612': {
    MATTHC: '1.001612',
    TENTTHC: 'Đăng ký khai sinh',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'HT', TENLINHVUC: 'Hộ tịch' }],
    COQUANTHUCHIEN: [{ MADONVI: '000.00.16.H27', TENDONVI: 'UBND cấp xã' }],
    CACHTHUCTHUCHIEN: [
      { KENH: '2', THOIGIAN: [{ THOIGIANGIAIQUYET: '1', DONVITINH: 'Ngày làm việc', MOTA: 'Trực tuyến', PHILEPHI: [] }] },
      { KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '3', DONVITINH: 'Ngày làm việc', MOTA: 'Trực tiếp', PHILEPHI: [{ SOTIEN: '8000', DONVI: 'đồng', MOTA: 'Lệ phí đăng ký khai sinh quá hạn' }, { SOTIEN: 5000, DONVI: 'đồng', MOTA: 'Phí cấp bản sao trích lục' }] }] },
    ],
    THANHPHANHOSO: [
      {
        TRUONGHOP: 'Đăng ký khai sinh',
        GIAYTO: [
          { MAGIAYTO: 'TK01', TENGIAYTO: 'Tờ khai đăng ký khai sinh', TENMAUDON: 'Tờ khai', URL: 'https://dichvucong.gov.vn/tokhai.docx', SOBANCHINH: '1', SOBANSAO: '0' },
          { MAGIAYTO: 'GCS', TENGIAYTO: 'Giấy chứng sinh', SOBANCHINH: 1, SOBANSAO: 1 },
          { MAGIAYTO: 'CCCD', TENGIAYTO: 'Căn cước của người đi đăng ký', SOBANCHINH: '0', SOBANSAO: '2' },
        ],
      },
    ],
    TRINHTUTHUCHIEN: [{ TENTRINHTU: 'Nộp hồ sơ tại Bộ phận Một cửa' }],
    YEUCAU: 'Không',
    KETQUATHUCHIEN: [{ MAKETQUA: 'KQ01', TENKETQUA: 'Giấy khai sinh (bản chính)' }, { MAKETQUA: 'KQ02', TENKETQUA: 'Trích lục khai sinh (bản sao)' }],
    CANCUPHAPLY: [{ SOVANBAN: '60/2014/QH13', TENVANBAN: 'Luật Hộ tịch' }],
    MOTADOITUONGTHUCHIEN: 'Công dân Việt Nam',
  },
  '2.000908': {
    MATTHC: '2.000908',
    TENTTHC: 'Chứng thực bản sao từ bản chính',
    LINHVUCTHUCHIEN: [{ MALINHVUC: 'CT', TENLINHVUC: 'Chứng thực' }],
    COQUANTHUCHIEN: [{ TENDONVI: 'UBND cấp xã' }],
    CACHTHUCTHUCHIEN: [{ KENH: '1', THOIGIAN: [{ THOIGIANGIAIQUYET: '4', DONVITINH: 'Giờ', PHILEPHI: [{ SOTIEN: '2.000', DONVI: 'đồng/trang', MOTA: 'Phí chứng thực' }] }] }],
    THANHPHANHOSO: [{ TRUONGHOP: '', GIAYTO: [{ TENGIAYTO: 'Bản chính giấy tờ cần chứng thực', SOBANCHINH: '1' }] }],
    KETQUATHUCHIEN: [{ TENKETQUA: 'Bản sao được chứng thực' }],
  },
};
