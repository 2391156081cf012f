import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DOSSIER_STATUS_NAMES,
  canTransition,
  currentStatus,
  nextStatuses,
  toPortalStatus,
  transitionDossierStatus,
  type DossierStatusChange,
} from '../../../preload/shared/domain/dossierStatus';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 2, minute));

describe('dossier status machine', () => {
  it('walks received → processing → supplement → processing → done → returned, recording who and when', () => {
    let history: DossierStatusChange[] = [];
    history = transitionDossierStatus(history, 2, { by: 'canbo01', at: at(0) });
    history = transitionDossierStatus(history, 4, { by: 'canbo02', at: at(5) });
    history = transitionDossierStatus(history, 5, { by: 'canbo02', at: at(6), reason: 'Thiếu bản sao giấy phép' });
    history = transitionDossierStatus(history, 4, { by: 'canbo01', at: at(7) });
    history = transitionDossierStatus(history, 9, { by: 'canbo02', at: at(8) });
    history = transitionDossierStatus(history, 10, { by: 'canbo01', at: at(9) });
    expect(currentStatus(history)).toBe(10);
    expect(history.map((change) => [change.from, change.to, change.by])).toEqual([
      [null, 2, 'canbo01'],
      [2, 4, 'canbo02'],
      [4, 5, 'canbo02'],
      [5, 4, 'canbo01'],
      [4, 9, 'canbo02'],
      [9, 10, 'canbo01'],
    ]);
    expect(history[2]).toMatchObject({ reason: 'Thiếu bản sao giấy phép', at: '2026-03-02T02:06:00.000Z' });
    expect(toPortalStatus(history[5]!)).toEqual({ TrangThaiHoSo: 10, NgayCapNhat: '20260302090900', NguoiCapNhat: 'canbo01' });
  });

  it('refuses illegal transitions with Vietnamese messages', () => {
    const returned = [{ from: 9, to: 10, at: at(0).toISOString(), by: 'x' }] as DossierStatusChange[];
    expect(() => transitionDossierStatus(returned, 4, { by: 'canbo01', at: at(1) })).toThrow(
      'Không thể chuyển hồ sơ từ «Đã trả kết quả» sang «Đang xử lý». Hồ sơ đã kết thúc, không thể chuyển tiếp.',
    );
    expect(() => transitionDossierStatus([], 9, { by: 'canbo01', at: at(1) })).toThrow(/Hồ sơ mới chỉ có thể bắt đầu/);
    expect(() => transitionDossierStatus([], 11, { by: 'canbo01', at: at(1) })).toThrow(/không thuộc danh mục/);
    expect(() => transitionDossierStatus([], 3, { by: 'canbo01', at: at(1) })).toThrow(/bắt đầu/);
    const registered = transitionDossierStatus([], 1, { by: 'system', at: at(0) });
    expect(() => transitionDossierStatus(registered, 3, { by: 'canbo01', at: at(1) })).toThrow('Chuyển sang «Không được tiếp nhận» phải ghi rõ lý do.');
    expect(() => transitionDossierStatus(registered, 2, { by: '  ', at: at(1) })).toThrow(/người chuyển/);
    expect(() => transitionDossierStatus(registered, 2, { by: 'canbo01', at: new Date(Date.UTC(2026, 0, 1)) })).toThrow(/sớm hơn/);
  });

  it('accepts exactly the allowed moves for any sequence of requested codes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 30 }), (requests) => {
        let history: DossierStatusChange[] = transitionDossierStatus([], 2, { by: 'canbo', at: at(0) });
        requests.forEach((to, index) => {
          const from = currentStatus(history)!;
          const legal = to >= 1 && to <= 10 && canTransition(from, to as never);
          try {
            history = transitionDossierStatus(history, to, { by: 'canbo', at: at(index + 1), reason: 'lý do' });
            expect(legal).toBe(true);
          } catch {
            expect(legal).toBe(false);
          }
        });
        for (let i = 1; i < history.length; i += 1) expect(history[i]!.from).toBe(history[i - 1]!.to);
      }),
    );
    expect(nextStatuses(9)).toEqual([10]);
    expect(Object.keys(DOSSIER_STATUS_NAMES)).toHaveLength(10);
  });
});
