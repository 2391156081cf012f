/**
 * ICAO Doc 9303 Part 11, Appendix D ("Worked example: Basic Access Control"), replayed byte for
 * byte: key seed, K_enc/K_mac, the mutual authentication, the session keys and counter, and the
 * protected SELECT EF.COM and READ BINARY commands with the card's responses.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../main/card/bytes';
import { bacKeySeed, deriveBacKeys, mrzInformation } from '../../../main/card/bacKeys';
import { buildMutualAuthData, completeMutualAuth, performBac } from '../../../main/card/bac';
import { SecureMessaging } from '../../../main/card/secureMessaging';
import { retailMac, padIso9797 } from '../../../main/card/desCrypto';
import type { CardChannel } from '../../../main/card/apdu';
import { mrzKeyFromText } from '../../../preload/shared/card/mrz';

const key = { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' };
const kEnc = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
const kMac = fromHex('7962D9ECE03D1ACD4C76089DCE131543');
const rndIc = fromHex('4608F91988702212');
const random = { rndIfd: fromHex('781723860C06C226'), kIfd: fromHex('0B795240CB7049B01C19B33E32804F0B') };
const cmdData = '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7';
const respData = '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449';
const ksEnc = '979EC13B1CBFE9DCD01AB0FED307EAE5';
const ksMac = 'F1CB1F1FB5ADF208806B89DC579DC1F8';

describe('ICAO 9303 Part 11 Appendix D', () => {
  it('D.2 derives the key seed from the MRZ information', () => {
    expect(mrzInformation(key)).toBe('L898902C<369080619406236');
    expect(toHex(bacKeySeed(key))).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    // The current edition's D.2 example (TD1 card of Peter Stevenson).
    const stevenson = mrzKeyFromText('I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<');
    expect(stevenson.ok).toBe(true);
    if (stevenson.ok) expect(toHex(bacKeySeed(stevenson.value))).toBe('B366AD857DDCA2B08C0E299811714730');
  });

  it('D.1 derives K_enc and K_mac with parity bits adjusted', () => {
    const keys = deriveBacKeys(key);
    expect(toHex(keys.kEnc)).toBe(toHex(kEnc));
    expect(toHex(keys.kMac)).toBe(toHex(kMac));
  });

  it('D.3 builds E_IFD || M_IFD and derives the session keys from the card answer', () => {
    expect(toHex(buildMutualAuthData(kEnc, kMac, rndIc, random))).toBe(cmdData);
    expect(toHex(retailMac(kMac, padIso9797(fromHex(cmdData.slice(0, 64)))))).toBe('5F1448EEA8AD90A7');
    const session = completeMutualAuth(kEnc, kMac, rndIc, random, fromHex(respData));
    expect(toHex(session.ksEnc)).toBe(ksEnc);
    expect(toHex(session.ksMac)).toBe(ksMac);
    expect(toHex(session.ssc)).toBe('887022120C06C226');
  });

  it('D.3 runs the exchange over a channel: GET CHALLENGE then EXTERNAL AUTHENTICATE', async () => {
    const sent: string[] = [];
    const channel: CardChannel = {
      async transmit(command) {
        sent.push(toHex(command));
        if (sent.length === 1) return fromHex('4608F919887022129000');
        return fromHex(`${respData}9000`);
      },
    };
    const session = await performBac(channel, key, random);
    expect(sent).toEqual(['0084000008', `0082000028${cmdData}28`]);
    expect(toHex(session.ksEnc)).toBe(ksEnc);
  });

  it('rejects a card answer whose MAC is wrong', () => {
    const broken = fromHex(respData);
    broken[39] = broken[39]! ^ 1;
    expect(() => completeMutualAuth(kEnc, kMac, rndIc, random, broken)).toThrow(/MAC/);
  });

  it('D.4 protects SELECT and READ BINARY and verifies the responses byte for byte', () => {
    const sm = new SecureMessaging({ ksEnc: fromHex(ksEnc), ksMac: fromHex(ksMac), ssc: fromHex('887022120C06C226') });
    // SELECT EF.COM
    expect(toHex(sm.protect({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') }))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(toHex(sm.ssc)).toBe('887022120C06C227');
    const selected = sm.unprotect(fromHex('990290008E08FA855A5D4C50A8ED9000'));
    expect(selected.sw).toBe(0x9000);
    expect(toHex(sm.ssc)).toBe('887022120C06C228');
    // READ BINARY of the first four bytes
    expect(toHex(sm.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 }))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    const head = sm.unprotect(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    expect(toHex(head.data)).toBe('60145F01');
    expect(toHex(sm.ssc)).toBe('887022120C06C22A');
    // READ BINARY of the remaining 18 bytes from offset 4
    expect(toHex(sm.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 4, ne: 0x12 }))).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    const rest = sm.unprotect(fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'));
    expect(toHex(rest.data)).toBe('04303130365F36063034303030305C026175');
    expect(rest.sw).toBe(0x9000);
    expect(toHex(sm.ssc)).toBe('887022120C06C22C');
  });

  it('refuses a response whose MAC does not verify', () => {
    const sm = new SecureMessaging({ ksEnc: fromHex(ksEnc), ksMac: fromHex(ksMac), ssc: fromHex('887022120C06C226') });
    sm.protect({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(() => sm.unprotect(fromHex('990290008E08FA855A5D4C50A8EE9000'))).toThrow(/MAC/);
  });
});
