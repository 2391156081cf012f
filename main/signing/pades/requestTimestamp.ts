import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { MessageImprint, PKIStatus, TSTInfo, TimeStampReq, TimeStampResp } from '@peculiar/asn1-tsp';
import { SigningFailure } from '../SigningFailure';
import { OID } from './buildCadesSignature';

export const ID_CT_TST_INFO = '1.2.840.113549.1.9.16.1.4';

export interface TimestampResult {
  /** The TimeStampToken (a CMS ContentInfo), DER, as the TSA sent it. */
  token: Uint8Array;
  genTime: Date;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Reads the TSTInfo inside a TimeStampToken; throws on anything that is not one. */
export function readTstInfo(token: Uint8Array): TSTInfo {
  const info = AsnConvert.parse(toArrayBuffer(token), ContentInfo);
  if (info.contentType !== OID.signedData) throw new Error(`time-stamp token is ${info.contentType}, not signedData`);
  const signed = AsnConvert.parse(info.content, SignedData);
  if (signed.encapContentInfo.eContentType !== ID_CT_TST_INFO) throw new Error(`time-stamp eContentType ${signed.encapContentInfo.eContentType}`);
  const content = signed.encapContentInfo.eContent?.single ?? signed.encapContentInfo.eContent?.any;
  if (!content) throw new Error('time-stamp token without TSTInfo');
  const bytes = content instanceof OctetString ? content.buffer : content;
  return AsnConvert.parse(bytes, TSTInfo);
}

/**
 * Asks an RFC 3161 time-stamp server to stamp a SHA-256 imprint (with a fresh nonce and the TSA's
 * certificate requested) and checks that the answer is a granted token over that imprint and nonce.
 * Any failure is a SigningFailure: a B-T signature is never completed without its time-stamp.
 */
export async function requestTimestamp(url: string, imprint: Uint8Array, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<TimestampResult> {
  const nonce = randomBytes(8);
  // Positive and without a leading zero, so its INTEGER encoding is the bytes themselves.
  nonce[0] = (nonce[0]! & 0x3f) | 0x40;
  const request = new TimeStampReq({
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }), hashedMessage: new OctetString(imprint) }),
    nonce: toArrayBuffer(nonce),
    certReq: true,
  });
  const fail = (detail: string, cause?: unknown) =>
    new SigningFailure('signing-timestamp-failed', 'Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA). Tệp chưa được ký; hãy kiểm tra kết nối rồi thử lại.', `${url}: ${detail}`, cause === undefined ? undefined : { cause });
  let body: Uint8Array;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: new Uint8Array(AsnConvert.serialize(request)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    if (!response.ok) throw fail(`HTTP ${response.status}`);
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof SigningFailure) throw error;
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
  let token: Uint8Array;
  let tst: TSTInfo;
  try {
    const reply = AsnConvert.parse(toArrayBuffer(body), TimeStampResp);
    if (reply.status.status !== PKIStatus.granted && reply.status.status !== PKIStatus.grantedWithMods) throw new Error(`status ${reply.status.status}`);
    if (!reply.timeStampToken) throw new Error('granted without a token');
    token = new Uint8Array(AsnConvert.serialize(reply.timeStampToken));
    tst = readTstInfo(token);
  } catch (error) {
    throw fail(`unreadable reply: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (tst.messageImprint.hashAlgorithm.algorithm !== OID.sha256 || !equalBytes(new Uint8Array(tst.messageImprint.hashedMessage.buffer), imprint)) {
    throw fail('token covers another imprint');
  }
  if (!tst.nonce || !equalBytes(new Uint8Array(tst.nonce), stripZeros(nonce))) throw fail('nonce differs');
  return { token, genTime: tst.genTime };
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start);
}
