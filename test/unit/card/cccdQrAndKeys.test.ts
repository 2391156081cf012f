import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCccdQr, ddmmyyyyToIso } from '../../../preload/shared/card/cccdQr';
import { cccdExpiryCandidates } from '../../../preload/shared/card/cccdExpiry';
import { bacKeysFromQr } from '../../../preload/shared/card/bacKeyCandidates';
import { mrzCheckDigit, mrzKeyFromText, parseTd1 } from '../../../preload/shared/card/mrz';
import { keysFromSource } from '../../../main/card/createCardService';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { qrPayload, syntheticCitizen, td1Mrz } from '../../support/card/syntheticCitizen';

describe('CCCD QR payload', () => {
  it('parses the card front QR code', () => {
    const parsed = parseCccdQr(`${qrPayload()}\n`);
    expect(parsed).toEqual({
      ok: true,
      value: {
        idNumber: '001090012345',
        oldIdNumber: '012345678',
        fullName: 'Nguyễn Văn An',
        birthDate: '1990-03-12',
        gender: 'male',
        address: syntheticCitizen.placeOfResidence,
        issueDate: '2021-05-10',
      },
    });
    const noOldId = parseCccdQr('079303000123||Trần Thị Bích|01012003|Nữ|TP Hồ Chí Minh|15082021');
    expect(noOldId.ok && noOldId.value).toMatchObject({ oldIdNumber: undefined, gender: 'female' });
  });

  it('names what is wrong', () => {
    expect(parseCccdQr('hello')).toEqual({ ok: false, problem: 'fields' });
    expect(parseCccdQr('12345|x|Tên|01012000|Nam|A|01012020')).toEqual({ ok: false, problem: 'idNumber' });
    expect(parseCccdQr('001090012345||Tên|31022000|Nam|A|01012020')).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseCccdQr('001090012345||Tên|01012000|Nam|A|2020')).toEqual({ ok: false, problem: 'issueDate' });
    expect(ddmmyyyyToIso('29022024')).toBe('2024-02-29');
    expect(ddmmyyyyToIso('29022023')).toBeUndefined();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      parseCccdQr(text);
    }));
  });
});

describe('BAC keys without typing', () => {
  it('derives the expiry from the renewal ages', () => {
    // Issued at 31 under the 2014 law: runs to the 40th birthday.
    expect(cccdExpiryCandidates('1990-03-12', '2021-05-10')[0]).toBe('2030-03-12');
    // Issued at 23.5, within 2 years of 25: runs to 40.
    expect(cccdExpiryCandidates('1998-01-01', '2021-07-01')[0]).toBe('2038-01-01');
    // Issued at 15 after 1 July 2024 (2023 law): runs to 25.
    expect(cccdExpiryCandidates('2009-09-09', '2024-10-01')[0]).toBe('2034-09-09');
    // Issued at 59: no expiry.
    expect(cccdExpiryCandidates('1962-05-05', '2021-05-05')).toEqual([]);
  });

  it('uses the last 9 digits as document number and lists the expiry candidates', () => {
    const keys = bacKeysFromQr({ idNumber: '001090012345', birthDate: '1990-03-12', issueDate: '2021-05-10' });
    expect(keys[0]).toEqual({ documentNumber: '090012345', birthDate: '900312', expiryDate: '300312' });
    expect(new Set(keys.map((k) => k.expiryDate)).size).toBe(keys.length);
    expect(keys.map((k) => k.expiryDate)).toContain('500312');
  });

  it('refuses bad key input in Vietnamese before touching the card', () => {
    const refuse = (source: Parameters<typeof keysFromSource>[0]) => {
      try {
        keysFromSource(source);
      } catch (error) {
        expect(error).toBeInstanceOf(DeskFailure);
        return (error as DeskFailure).userMessage;
      }
      throw new Error('accepted');
    };
    const mrz = td1Mrz().replace('900312', '900313');
    expect(refuse({ kind: 'mrz', text: mrz })).toMatch(/ngày sinh/);
    expect(refuse({ kind: 'qr', payload: 'abc' })).toMatch(/mã QR/);
    expect(keysFromSource({ kind: 'mrz', text: td1Mrz() })).toEqual([{ documentNumber: '090012345', birthDate: '900312', expiryDate: '300312' }]);
  });
});

describe('MRZ', () => {
  it('computes check digits and parses TD1 with all of them', () => {
    expect(mrzCheckDigit('L898902C<')).toBe('3');
    expect(mrzCheckDigit('690806')).toBe('1');
    const td1 = parseTd1(td1Mrz());
    expect(td1).toMatchObject({ documentCode: 'ID', issuingState: 'VNM', documentNumber: '090012345', optionalData1: '001090012345', sex: 'M', badCheckDigits: [] });
    const broken = td1Mrz().split('\n');
    broken[1] = `${broken[1]!.slice(0, 29)}0`;
    expect(parseTd1(broken.join('\n'))?.badCheckDigits).toContain('composite');
    expect(mrzKeyFromText('L898902C<369080619406236')).toEqual({ ok: true, value: { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' } });
    expect(mrzKeyFromText('L898902C<369080619406237')).toEqual({ ok: false, bad: ['expiryDate'] });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (text) => {
      parseTd1(text);
      mrzKeyFromText(text);
    }));
  });
});
