import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTypedDate, parseTypedDateTime, parseTypedTime } from '../../../preload/shared/domain/calendar/parseTypedDate';
import { daysInMonth, formatVietnameseDate } from '../../../preload/shared/domain/calendar/localDate';

describe('dates typed the Vietnamese way', () => {
  it('reads day first in every usual spelling', () => {
    for (const typed of ['15031985', '15/3/1985', '15/03/1985', '15-03-1985', '15.03.1985', ' 15 / 3 / 1985 ', '1985-03-15']) {
      expect(parseTypedDate(typed), typed).toEqual({ ok: true, date: '1985-03-15' });
    }
    // 12/03/2026 is the twelfth of March at a Vietnamese desk, never December.
    expect(parseTypedDate('12/03/2026')).toEqual({ ok: true, date: '2026-03-12' });
  });

  it('refuses impossible dates in Vietnamese, naming what was typed', () => {
    expect(parseTypedDate('31/02/2024')).toEqual({ ok: false, message: '"31/02/2024": tháng 2/2024 không có ngày 31.' });
    expect(parseTypedDate('29/02/2023')).toMatchObject({ ok: false });
    expect(parseTypedDate('29/02/2024')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parseTypedDate('15/13/1985')).toMatchObject({ ok: false, message: expect.stringContaining('tháng 13 không có') });
    expect(parseTypedDate('1503198')).toMatchObject({ ok: false, message: expect.stringContaining('không phải ngày') });
    expect(parseTypedDate('')).toMatchObject({ ok: false, message: expect.stringContaining('Chưa nhập ngày') });
    expect(parseTypedDate('15/03/0085')).toMatchObject({ ok: false, message: expect.stringContaining('1900–2199') });
  });

  it('reads back every real date it prints, and never throws on any text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, rawDay) => {
        const day = Math.min(rawDay, daysInMonth(year, month));
        const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const printed = formatVietnameseDate(iso);
        expect(parseTypedDate(printed)).toEqual({ ok: true, date: iso });
        expect(parseTypedDate(printed.replaceAll('/', ''))).toEqual({ ok: true, date: iso });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const date = parseTypedDate(text);
        const moment = parseTypedDateTime(text);
        expect(date.ok ? /^\d{4}-\d{2}-\d{2}$/.test(date.date) : date.message.length > 0).toBe(true);
        expect(moment.ok ? moment.hour < 24 && moment.minute < 60 : moment.message.length > 0).toBe(true);
      }),
    );
  });

  it('reads a moment as hh:mm dd/mm/yyyy or dd/mm/yyyy hh:mm', () => {
    expect(parseTypedDateTime('10:30 15/04/2026')).toEqual({ ok: true, date: '2026-04-15', hour: 10, minute: 30 });
    expect(parseTypedDateTime('15/04/2026 10h30')).toEqual({ ok: true, date: '2026-04-15', hour: 10, minute: 30 });
    expect(parseTypedDateTime('2026-04-10T10:00')).toEqual({ ok: true, date: '2026-04-10', hour: 10, minute: 0 });
    expect(parseTypedDateTime('24:00 15/04/2026')).toMatchObject({ ok: false, message: expect.stringContaining('23:59') });
    expect(parseTypedDateTime('15/04/2026')).toMatchObject({ ok: false, message: expect.stringContaining('giờ:phút') });
    expect(parseTypedDateTime('10:30 31/04/2026')).toMatchObject({ ok: false, message: expect.stringContaining('không có ngày 31') });
  });

  it('reads a time of day on the 24-hour clock in the usual spellings, and refuses what is not one', () => {
    for (const typed of ['15:30', '15h30', '15g30', '1530', ' 15 : 30 ']) expect(parseTypedTime(typed), typed).toEqual({ ok: true, hour: 15, minute: 30 });
    expect(parseTypedTime('930')).toEqual({ ok: true, hour: 9, minute: 30 });
    expect(parseTypedTime('9h')).toEqual({ ok: true, hour: 9, minute: 0 });
    expect(parseTypedTime('24:00')).toEqual({ ok: false, message: '"24:00": giờ phải từ 00:00 đến 23:59.' });
    expect(parseTypedTime('10:60')).toMatchObject({ ok: false });
    expect(parseTypedTime('3:00 PM')).toMatchObject({ ok: false, message: expect.stringContaining('theo 24 giờ') });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const shown = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
        expect(parseTypedTime(shown)).toEqual({ ok: true, hour, minute });
        expect(parseTypedTime(shown.replace(':', ''))).toEqual({ ok: true, hour, minute });
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => {
      const time = parseTypedTime(text);
      expect(time.ok ? time.hour < 24 && time.minute < 60 : time.message.length > 0).toBe(true);
    }));
  });
});

