import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { encodeOid } from '../../../main/card/asn1';
import { encodeTlv } from '../../../main/card/tlv';

/** DER building blocks for the test CSCA, document signer and SOD. */
export const der = {
  seq: (...parts: Uint8Array[]) => encodeTlv(0x30, ...parts),
  set: (...parts: Uint8Array[]) => encodeTlv(0x31, ...parts),
  oid: (dotted: string) => encodeTlv(0x06, encodeOid(dotted)),
  int: (n: number) => {
    const bytes: number[] = [];
    for (let v = n; v > 0 || bytes.length === 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return encodeTlv(0x02, Uint8Array.from(bytes));
  },
  octets: (value: Uint8Array) => encodeTlv(0x04, value),
  utf8: (text: string) => encodeTlv(0x0c, new TextEncoder().encode(text)),
  printable: (text: string) => encodeTlv(0x13, new TextEncoder().encode(text)),
  bits: (value: Uint8Array) => encodeTlv(0x03, Uint8Array.of(0), value),
  null: () => Uint8Array.of(0x05, 0x00),
  bool: (value: boolean) => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00),
  explicit: (n: number, ...parts: Uint8Array[]) => encodeTlv(0xa0 + n, ...parts),
  utcTime: (date: Date) => {
    const p = (v: number) => String(v).padStart(2, '0');
    const text = `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
    return encodeTlv(0x17, new TextEncoder().encode(text));
  },
};

export const oids = {
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
  sha256: '2.16.840.1.101.3.4.2.1',
  country: '2.5.4.6',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
};

export interface TestAuthority {
  /** DER certificate. */
  certificate: Uint8Array;
  privateKey: KeyObject;
  name: Uint8Array;
  serial: number;
  signatureOid: string;
}

function name(commonName: string): Uint8Array {
  return der.seq(der.set(der.seq(der.oid(oids.country), der.printable('VN'))), der.set(der.seq(der.oid(oids.commonName), der.utf8(commonName))));
}

function signWith(key: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key));
}

function certificate(options: { serial: number; issuer: Uint8Array; subject: Uint8Array; publicKey: KeyObject; signer: KeyObject; signatureOid: string; ca: boolean }): Uint8Array {
  const algorithm = options.signatureOid === oids.ecdsaSha256 ? der.seq(der.oid(options.signatureOid)) : der.seq(der.oid(options.signatureOid), der.null());
  const now = Date.now();
  const extensions = options.ca
    ? der.explicit(3, der.seq(
        der.seq(der.oid(oids.basicConstraints), der.bool(true), der.octets(der.seq(der.bool(true)))),
        der.seq(der.oid(oids.keyUsage), der.bool(true), der.octets(encodeTlv(0x03, Uint8Array.of(1, 0x06)))),
      ))
    : der.explicit(3, der.seq(der.seq(der.oid(oids.keyUsage), der.bool(true), der.octets(encodeTlv(0x03, Uint8Array.of(7, 0x80))))));
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(options.serial),
    algorithm,
    options.issuer,
    der.seq(der.utcTime(new Date(now - 86_400_000)), der.utcTime(new Date(now + 10 * 365 * 86_400_000))),
    options.subject,
    new Uint8Array(options.publicKey.export({ type: 'spki', format: 'der' })),
    extensions,
  );
  return der.seq(tbs, algorithm, der.bits(signWith(options.signer, tbs)));
}

/**
 * A test PKI made in the test run: a CSCA (ECDSA P-256, self-signed) and a document signer
 * (RSA-2048) it issued. Nothing of it exists outside the run.
 */
export function createTestPki(label = 'Test'): { csca: TestAuthority; documentSigner: TestAuthority } {
  const cscaKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cscaName = name(`CSCA ${label} VN`);
  const csca: TestAuthority = {
    certificate: certificate({ serial: 1, issuer: cscaName, subject: cscaName, publicKey: cscaKeys.publicKey, signer: cscaKeys.privateKey, signatureOid: oids.ecdsaSha256, ca: true }),
    privateKey: cscaKeys.privateKey,
    name: cscaName,
    serial: 1,
    signatureOid: oids.ecdsaSha256,
  };
  const dsKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dsName = name(`Document Signer ${label} VN`);
  const documentSigner: TestAuthority = {
    certificate: certificate({ serial: 2, issuer: cscaName, subject: dsName, publicKey: dsKeys.publicKey, signer: cscaKeys.privateKey, signatureOid: oids.ecdsaSha256, ca: false }),
    privateKey: dsKeys.privateKey,
    name: cscaName,
    serial: 2,
    signatureOid: oids.rsaSha256,
  };
  return { csca, documentSigner };
}

/** EF.SOD over the given data groups, signed by the document signer (CMS SignedData, signed attributes). */
export function buildSod(dataGroups: Map<number, Uint8Array>, signer: TestAuthority): Uint8Array {
  const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
  const hashes = [...dataGroups.entries()].sort(([a], [b]) => a - b).map(([n, bytes]) => der.seq(der.int(n), der.octets(sha256(bytes))));
  const lds = der.seq(der.int(0), der.seq(der.oid(oids.sha256)), der.seq(...hashes));
  const attributes = [
    der.seq(der.oid('1.2.840.113549.1.9.3'), der.set(der.oid('2.23.136.1.1.1'))),
    der.seq(der.oid('1.2.840.113549.1.9.4'), der.set(der.octets(sha256(lds)))),
  ];
  const signedAttributes = der.set(...attributes);
  const signature = signWith(signer.privateKey, signedAttributes);
  const signerInfo = der.seq(
    der.int(1),
    der.seq(signer.name, der.int(signer.serial)),
    der.seq(der.oid(oids.sha256)),
    encodeTlv(0xa0, ...attributes),
    der.seq(der.oid(signer.signatureOid), der.null()),
    der.octets(signature),
  );
  const signedData = der.seq(
    der.int(3),
    der.set(der.seq(der.oid(oids.sha256))),
    der.seq(der.oid('2.23.136.1.1.1'), der.explicit(0, der.octets(lds))),
    encodeTlv(0xa0, signer.certificate),
    der.set(signerInfo),
  );
  return encodeTlv(0x77, der.seq(der.oid('1.2.840.113549.1.7.2'), der.explicit(0, signedData)));
}
