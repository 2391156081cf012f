import { describe, expect, it } from 'vitest';
import { assertIntakeComplete, findMissingRequiredComponents } from '../../../preload/shared/domain/intakeCheck';

const components = [
  { id: 'a', name: 'Đơn đề nghị', required: true },
  { id: 'b', name: 'Giấy chứng nhận đã được cấp', required: false },
  { id: 'c', name: 'Tài liệu liên quan', required: true },
];

describe('seal check', () => {
  it('lists mandatory components without pages, ignoring optional and unassigned pages', () => {
    expect(findMissingRequiredComponents(components, [{ componentId: 'a' }, { componentId: undefined }]).map((c) => c.id)).toEqual(['c']);
    expect(findMissingRequiredComponents(components, [{ componentId: 'a' }, { componentId: 'c' }])).toEqual([]);
  });

  it('blocks sealing with the missing names in Vietnamese unless an override with a reason is given', () => {
    expect(() => assertIntakeComplete(components, [{ componentId: 'b' }])).toThrow('Chưa có trang nào cho thành phần bắt buộc: «Đơn đề nghị», «Tài liệu liên quan».');
    expect(() => assertIntakeComplete(components, [], { reason: ' ' })).toThrow(/Phải ghi rõ lý do/);
    expect(assertIntakeComplete(components, [], { reason: 'Công dân nộp bản giấy, số hóa sau' })).toMatchObject({ overridden: true, missing: [{ id: 'a' }, { id: 'c' }] });
    expect(assertIntakeComplete(components, [{ componentId: 'a' }, { componentId: 'c' }])).toEqual({ missing: [], overridden: false });
  });
});
