import { createHash, type X509Certificate } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFObject } from 'pdf-lib';
import { buildCertificateChain, isSelfSigned } from '../buildCertificateChain';
import { describeCertificate, nameAttribute, shortName } from '../describeCertificate';
import { readTstInfo, ID_CT_TST_INFO } from '../pades/requestTimestamp';
import { isoVietnam } from '../isoVietnam';
import { signatureValueDigest } from '../pades/buildCadesSignature';
import { firstElement, verifyCmsSignature, type CmsCheck } from './verifyCmsSignature';

export type Verdict = 'valid' | 'invalid' | 'indeterminate';

export interface ChainReport {
  trusted: boolean;
  /** Subjects from the signer up to the last certificate found. */
  path: string[];
  problems: string[];
}

export interface TimestampReport {
  time: string;
  valid: boolean;
  trusted: boolean;
  authority?: string;
  problems: string[];
}

export interface SignatureReport {
  field: string;
  subFilter: string;
  verdict: Verdict;
  /** The signed bytes hash to the message digest the signer signed. */
  intact: boolean;
  signatureValid: boolean;
  signer?: { subject: string; organisation: string; serialNumber: string; notBefore: string; notAfter: string; sha256: string };
  chain: ChainReport;
  signingCertificate: CmsCheck['signingCertificate'];
  level: string;
  /** /M of the signature dictionary, as the signer's clock claimed it. */
  claimedTime?: string;
  timestamp?: TimestampReport;
  /** The ByteRange reaches the end of the file. */
  coversWholeFile: boolean;
  /** none: nothing after the signed bytes; later-signatures: only later signed revisions follow; modified: unsigned bytes follow. */
  changedAfter: 'none' | 'later-signatures' | 'modified';
  revocation: { present: boolean; sources: string[] };
  problems: string[];
}

export interface PdfVerification {
  verdict: 'valid' | 'invalid' | 'unsigned' | 'unreadable';
  signatures: SignatureReport[];
  problems: string[];
}

interface RawSignature {
  field: string;
  dict: PDFDict;
}

function text(object: PDFObject | undefined): string | undefined {
  if (object instanceof PDFString || object instanceof PDFHexString) return object.decodeText();
  if (object instanceof PDFName) return object.decodeText();
  return undefined;
}

/** Signature fields of the AcroForm (Kids followed), with their /V signature dictionaries. */
function signatureFields(doc: PDFDocument): RawSignature[] {
  const found: RawSignature[] = [];
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (!fields) return found;
  const seen = new Set<PDFDict>();
  const visit = (field: PDFDict | undefined, parentName: string, inheritedType: PDFName | undefined, depth: number) => {
    if (!field || seen.has(field) || depth > 16) return;
    seen.add(field);
    const partial = text(field.get(PDFName.of('T')));
    const name = [parentName, partial].filter(Boolean).join('.');
    const type = field.lookupMaybe(PDFName.of('FT'), PDFName) ?? inheritedType;
    const value = field.lookupMaybe(PDFName.of('V'), PDFDict);
    if (type === PDFName.of('Sig') && value) found.push({ field: name || '(không tên)', dict: value });
    const kids = field.lookupMaybe(PDFName.of('Kids'), PDFArray);
    if (kids) for (let i = 0; i < kids.size(); i += 1) visit(kids.lookupMaybe(i, PDFDict), name, type, depth + 1);
  };
  for (let i = 0; i < fields.size(); i += 1) visit(fields.lookupMaybe(i, PDFDict), '', undefined, 0);
  return found;
}

function byteRangeOf(dict: PDFDict, length: number): [number, number, number, number] | string {
  const array = dict.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
  if (!array || array.size() !== 4) return 'ByteRange missing or not four numbers';
  const values = [0, 1, 2, 3].map((i) => array.lookupMaybe(i, PDFNumber)?.asNumber());
  if (values.some((v) => v === undefined || !Number.isSafeInteger(v) || v < 0)) return 'ByteRange has non-integer values';
  const [a, b, c, d] = values as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d > length) return `ByteRange [${a} ${b} ${c} ${d}] does not fit a file of ${length} bytes`;
  return [a, b, c, d];
}

/** Whether the gap the ByteRange leaves is exactly the /Contents hex string (nothing else unsigned). */
function gapIsContents(bytes: Uint8Array, range: [number, number, number, number], contents: Uint8Array): boolean {
  const [, b, c] = range;
  if (bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return false;
  const hex = Buffer.from(bytes.subarray(b + 1, c - 1)).toString('latin1').replace(/\s+/gu, '');
  if (!/^[0-9A-Fa-f]*$/u.test(hex) || hex.length % 2 !== 0) return false;
  return Buffer.from(hex, 'hex').equals(Buffer.from(contents));
}

function validAt(certificate: X509Certificate, at: Date): boolean {
  return new Date(certificate.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(certificate.validTo).getTime();
}

/** The chain from a signer to one of the trust roots, each certificate valid at `at`, each issuer a CA. */
export function judgeChain(signer: X509Certificate, pool: readonly X509Certificate[], roots: readonly X509Certificate[], at: Date): ChainReport {
  const chain = buildCertificateChain(signer, [...pool, ...roots]);
  const problems: string[] = [];
  const anchorIndex = chain.findIndex((c) => roots.some((root) => root.fingerprint256 === c.fingerprint256));
  if (anchorIndex === -1) problems.push(isSelfSigned(chain[chain.length - 1]!) ? 'chain ends at a root that is not trusted' : 'chain incomplete: issuer certificate not found');
  const checked = anchorIndex === -1 ? chain : chain.slice(0, anchorIndex + 1);
  checked.forEach((certificate, i) => {
    if (!validAt(certificate, at)) problems.push(`${shortName(certificate.subject)} not valid at ${at.toISOString()}`);
    if (i > 0 && !certificate.ca) problems.push(`${shortName(certificate.subject)} is not a CA`);
  });
  return { trusted: problems.length === 0, path: chain.map((c) => nameAttribute(c.subject, 'CN') ?? shortName(c.subject)), problems };
}

function checkTimestamp(token: Uint8Array, signatureValue: Uint8Array, roots: readonly X509Certificate[]): TimestampReport {
  const cms = verifyCmsSignature(token);
  const problems = [...cms.problems];
  let time = '';
  try {
    if (cms.eContentType !== ID_CT_TST_INFO) problems.push(`time-stamp eContentType ${cms.eContentType}`);
    const tst = readTstInfo(token);
    time = isoVietnam(tst.genTime);
    const imprintMatches = Buffer.from(tst.messageImprint.hashedMessage.buffer).equals(Buffer.from(signatureValueDigest(signatureValue)));
    if (!imprintMatches) problems.push('time-stamp imprint does not cover this signature');
    const stampedAt = tst.genTime;
    const chain = cms.signer ? judgeChain(cms.signer, cms.certificates, roots, stampedAt) : { trusted: false, path: [], problems: ['no TSA certificate'] };
    const forTimestamping = cms.signer?.keyUsage?.includes('1.3.6.1.5.5.7.3.8') ?? false;
    if (cms.signer && !forTimestamping) problems.push('TSA certificate lacks the timeStamping extended key usage');
    problems.push(...chain.problems);
    const valid = cms.readable && cms.digestMatches && cms.signatureValid && imprintMatches && forTimestamping;
    return { time, valid, trusted: valid && chain.trusted, ...(cms.signer ? { authority: shortName(cms.signer.subject) } : {}), problems };
  } catch (error) {
    problems.push(`time-stamp unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return { time, valid: false, trusted: false, problems };
  }
}

/**
 * Checks every signature of a PDF against trust roots: that its ByteRange leaves out exactly its
 * /Contents, that the signed bytes are unchanged (message digest), that the signature verifies with
 * the signer's certificate and signing-certificate-v2 names it, that the chain reaches a trust root
 * (at the time-stamp's time when there is a valid one, else now), the time it claims or was stamped
 * at, whether bytes were added after it, and whether revocation data is embedded. Any input gives a
 * verdict; nothing in the file can make it throw.
 */
export async function verifyPdfSignatures(bytes: Uint8Array, roots: readonly X509Certificate[], now: Date = new Date()): Promise<PdfVerification> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  } catch (error) {
    return { verdict: 'unreadable', signatures: [], problems: [`not a readable PDF: ${error instanceof Error ? error.message : String(error)}`] };
  }
  let raw: RawSignature[];
  let dss: string[] = [];
  try {
    raw = signatureFields(doc);
    const dssDict = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
    if (dssDict) dss = ['OCSPs', 'CRLs'].filter((key) => (dssDict.lookupMaybe(PDFName.of(key), PDFArray)?.size() ?? 0) > 0).map((key) => `DSS /${key}`);
  } catch (error) {
    return { verdict: 'unreadable', signatures: [], problems: [`signature fields unreadable: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (raw.length === 0) return { verdict: 'unsigned', signatures: [], problems: [] };

  const ranges = raw.map(({ dict }) => byteRangeOf(dict, bytes.length));
  const reports: SignatureReport[] = raw.map(({ field, dict }, index) => judgeSignature(bytes, field, dict, ranges[index]!, dss, roots, now));

  // Bytes after a signature are expected when a later intact signature covers them all.
  const ends = reports.map((report, i) => (report.intact && typeof ranges[i] !== 'string' ? (ranges[i] as number[])[2]! + (ranges[i] as number[])[3]! : -1));
  reports.forEach((report, i) => {
    const end = ends[i]!;
    if (end === -1) return;
    if (end === bytes.length) report.changedAfter = 'none';
    else report.changedAfter = ends.some((other) => other === bytes.length) ? 'later-signatures' : 'modified';
    if (report.changedAfter === 'modified' && report.verdict === 'valid') report.verdict = 'indeterminate';
  });
  const verdict = reports.every((r) => r.verdict === 'valid') ? 'valid' : 'invalid';
  return { verdict, signatures: reports, problems: [] };
}

/** One signature judged; anything unexpected in the file (a certificate whose key cannot be read…) makes it invalid, never a crash. */
function judgeSignature(
  bytes: Uint8Array,
  field: string,
  dict: PDFDict,
  range: [number, number, number, number] | string,
  dss: string[],
  roots: readonly X509Certificate[],
  now: Date,
): SignatureReport {
  const problems: string[] = [];
  const subFilter = text(dict.get(PDFName.of('SubFilter'))) ?? '';
  const claimed = text(dict.get(PDFName.of('M')));
  const base: SignatureReport = {
    field,
    subFilter,
    verdict: 'invalid',
    intact: false,
    signatureValid: false,
    chain: { trusted: false, path: [], problems: [] },
    signingCertificate: 'absent',
    level: subFilter === 'ETSI.CAdES.detached' ? 'PAdES' : subFilter,
    ...(claimed ? { claimedTime: claimed } : {}),
    coversWholeFile: false,
    changedAfter: 'modified',
    revocation: { present: dss.length > 0, sources: [...dss] },
    problems,
  };
  try {
    return judgeContents(bytes, dict, range, roots, now, base, subFilter);
  } catch (error) {
    problems.push(`unexpected: ${error instanceof Error ? error.message : String(error)}`);
    return { ...base, verdict: 'invalid', intact: false, signatureValid: false };
  }
}

function judgeContents(
  bytes: Uint8Array,
  dict: PDFDict,
  range: [number, number, number, number] | string,
  roots: readonly X509Certificate[],
  now: Date,
  base: SignatureReport,
  subFilter: string,
): SignatureReport {
  const problems = base.problems;
  if (typeof range === 'string') {
    problems.push(range);
    return base;
  }
  const contentsObject = dict.get(PDFName.of('Contents'));
  const contents = contentsObject instanceof PDFHexString ? contentsObject.asBytes() : contentsObject instanceof PDFString ? contentsObject.asBytes() : undefined;
  if (!contents) {
    problems.push('signature dictionary has no /Contents');
    return base;
  }
  if (!gapIsContents(bytes, range, contents)) problems.push('the bytes left out of the ByteRange are not exactly /Contents');
  const [a, b, c, d] = range;
  base.coversWholeFile = c + d === bytes.length;
  const cmsBytes = firstElement(contents);
  if (!cmsBytes) {
    problems.push('/Contents holds no DER');
    return base;
  }
  const cms = verifyCmsSignature(cmsBytes, (algorithm) =>
    createHash(algorithm)
      .update(bytes.subarray(a, a + b))
      .update(bytes.subarray(c, c + d))
      .digest(),
  );
  problems.push(...cms.problems);
  base.intact = cms.digestMatches && gapIsContents(bytes, range, contents);
  base.signatureValid = cms.signatureValid;
  base.signingCertificate = cms.signingCertificate;
  if (cms.hasSigningTime && subFilter === 'ETSI.CAdES.detached') problems.push('signingTime attribute present (PAdES puts the time in /M)');
  if (cms.hasCrls) base.revocation.sources.push('CMS crls');
  if (cms.hasRevocationArchival) base.revocation.sources.push('adbe-revocationInfoArchival');
  base.revocation.present = base.revocation.sources.length > 0;
  if (cms.signer) {
    const described = describeCertificate(cms.signer, { id: '', label: '' });
    base.signer = { subject: described.subject, organisation: described.organisation, serialNumber: described.serialNumber, notBefore: described.notBefore, notAfter: described.notAfter, sha256: described.sha256 };
  }
  if (cms.timestampTokens[0] && cms.signatureValue) base.timestamp = checkTimestamp(cms.timestampTokens[0], cms.signatureValue, roots);
  const chainTime = base.timestamp?.valid ? new Date(Date.parse(base.timestamp.time)) : now;
  base.chain = cms.signer ? judgeChain(cms.signer, cms.certificates, roots, chainTime) : { trusted: false, path: [], problems: ['no signer certificate'] };
  if (subFilter === 'ETSI.CAdES.detached') base.level = base.timestamp?.valid ? 'PAdES B-T' : 'PAdES B-B';
  if (base.revocation.present && base.timestamp?.valid) base.level = 'PAdES B-LT';
  const essOk = subFilter !== 'ETSI.CAdES.detached' || base.signingCertificate === 'v2-matches';
  const timestampOk = !base.timestamp || base.timestamp.valid;
  if (!base.intact || !base.signatureValid || !essOk || !timestampOk) base.verdict = 'invalid';
  else base.verdict = base.chain.trusted && (!base.timestamp || base.timestamp.trusted) ? 'valid' : 'indeterminate';
  return base;
}
