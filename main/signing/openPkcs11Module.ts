import { X509Certificate, createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11Types from 'pkcs11js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import type { PinState, SignatureAlgorithm, SigningCertificateInfo, SigningTokenInfo } from '../../preload/contract/signing';
import { SigningFailure, TokenRemovedError } from './SigningFailure';
import { describeCertificate } from './describeCertificate';

/** A certificate found on a token, with its DER bytes. */
export interface TokenCertificate extends SigningCertificateInfo {
  der: Uint8Array;
}

export interface DigestSignature {
  algorithm: SignatureAlgorithm;
  /** PKCS#1 v1.5 signature bytes, or a DER ECDSA-Sig-Value. */
  signature: Uint8Array;
}

/** One loaded vendor PKCS#11 library and the sessions the desk holds on its tokens. */
export interface Pkcs11Module {
  readonly path: string;
  tokens(): SigningTokenInfo[];
  certificates(serial: string): TokenCertificate[];
  /** Logs the officer in; the PIN goes to C_Login and nowhere else. */
  login(serial: string, pin: string): SigningTokenInfo;
  logout(serial: string): void;
  /**
   * Signs a SHA-256 digest with the private key paired (by CKA_ID) with the certificate; one
   * operation at a time per token. The pairing is the vendor's convention, not a guarantee: callers
   * check the signature against the certificate (`checkSignatureMatches`).
   */
  signDigest(serial: string, certificateId: string, digest: Uint8Array): Promise<DigestSignature & { certificate: TokenCertificate }>;
  close(): void;
}

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
// PKCS#11 return values the desk treats specially (PKCS#11 2.40 §3.6).
const CKR = {
  SLOT_ID_INVALID: 0x03,
  GENERAL_ERROR: 0x05,
  DEVICE_ERROR: 0x30,
  DEVICE_REMOVED: 0x32,
  OBJECT_HANDLE_INVALID: 0x82,
  PIN_INCORRECT: 0xa0,
  PIN_INVALID: 0xa1,
  PIN_LEN_RANGE: 0xa2,
  PIN_EXPIRED: 0xa3,
  PIN_LOCKED: 0xa4,
  SESSION_CLOSED: 0xb0,
  SESSION_HANDLE_INVALID: 0xb3,
  TOKEN_NOT_PRESENT: 0xe0,
  TOKEN_NOT_RECOGNIZED: 0xe1,
  USER_ALREADY_LOGGED_IN: 0x100,
  USER_NOT_LOGGED_IN: 0x101,
  CRYPTOKI_ALREADY_INITIALIZED: 0x191,
} as const;
const GONE_CODES = new Set<number>([CKR.SLOT_ID_INVALID, CKR.GENERAL_ERROR, CKR.DEVICE_ERROR, CKR.DEVICE_REMOVED, CKR.OBJECT_HANDLE_INVALID, CKR.SESSION_CLOSED, CKR.SESSION_HANDLE_INVALID, CKR.TOKEN_NOT_PRESENT, CKR.TOKEN_NOT_RECOGNIZED]);

// Session states with a logged-in user (PKCS#11 2.40 §5.6); pkcs11js does not export them.
const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

type Pkcs11Binding = typeof Pkcs11Types;

let binding: Pkcs11Binding | undefined;

/** The native binding, loaded on first use so a desk that never signs never loads it. */
function loadBinding(): Pkcs11Binding {
  if (!binding) {
    try {
      binding = createRequire(__filename)('pkcs11js') as Pkcs11Binding;
    } catch (error) {
      throw new SigningFailure('signing-module-unavailable', 'Không nạp được thành phần ký số của ứng dụng (pkcs11js).', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  return binding;
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function trimmed(text: string): string {
  return text.replace(/[\s\0]+$/u, '');
}

/**
 * Positive minimal big-endian integer bytes: what ASN.1 INTEGER needs for r and s of an ECDSA
 * signature (a token returns them fixed-width, with leading zeros and high bits as they fall).
 */
function unsignedInteger(bytes: Uint8Array): ArrayBuffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const body = bytes.subarray(start);
  const out = new Uint8Array(body.length + (body[0]! & 0x80 ? 1 : 0));
  out.set(body, out.length - body.length);
  return out.buffer;
}

/**
 * Loads a vendor's PKCS#11 library (one per path and process: C_Initialize is process-wide) and
 * gives the desk's view of its tokens. Errors become SigningFailures in Vietnamese; an operation
 * that fails because the token went away is a TokenRemovedError.
 */
export function openPkcs11Module(modulePath: string): Pkcs11Module {
  const pkcs11js = loadBinding();
  const p11 = new pkcs11js.PKCS11();
  try {
    p11.load(modulePath);
  } catch (error) {
    throw new SigningFailure('signing-module-unavailable', `Không nạp được thư viện ký số của token tại ${modulePath}. Hãy cài trình điều khiển của nhà cung cấp token hoặc sửa đường dẫn trong cài đặt ký số.`, describeError(error), { cause: error });
  }
  try {
    p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (codeOf(error) !== CKR.CRYPTOKI_ALREADY_INITIALIZED) {
      p11.close();
      throw new SigningFailure('signing-module-unavailable', 'Thư viện ký số của token không khởi động được.', describeError(error), { cause: error });
    }
  }

  const sessions = new Map<string, { slot: Buffer; session: Buffer; certificates?: TokenCertificate[]; keys?: Map<string, Buffer> }>();
  const queues = new Map<string, Promise<unknown>>();

  const pinState = (flags: number): PinState => ({
    countLow: (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & pkcs11js.CKF_USER_PIN_LOCKED) !== 0,
  });

  /** Present tokens by serial; a slot whose token cannot be read is left out (it is not usable). */
  const presentTokens = (): Map<string, { slot: Buffer; info: Pkcs11Types.TokenInfo }> => {
    const found = new Map<string, { slot: Buffer; info: Pkcs11Types.TokenInfo }>();
    let slots: Buffer[];
    try {
      slots = p11.C_GetSlotList(true);
    } catch (error) {
      throw new SigningFailure('signing-token-error', 'Không đọc được danh sách khe cắm token.', describeError(error), { cause: error });
    }
    for (const slot of slots) {
      try {
        const info = p11.C_GetTokenInfo(slot);
        if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) continue;
        found.set(trimmed(info.serialNumber), { slot, info });
      } catch {
        // A token being pulled out answers with an error here; it is simply not there.
      }
    }
    return found;
  };

  const isLoggedIn = (serial: string): boolean => {
    const held = sessions.get(serial);
    if (!held) return false;
    try {
      const state = p11.C_GetSessionInfo(held.session).state;
      return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
    } catch {
      sessions.delete(serial);
      return false;
    }
  };

  const describeToken = (serial: string, info: Pkcs11Types.TokenInfo): SigningTokenInfo => ({
    serial,
    label: trimmed(info.label),
    manufacturer: trimmed(info.manufacturerID),
    model: trimmed(info.model),
    loggedIn: isLoggedIn(serial),
    pin: pinState(info.flags),
  });

  /**
   * The token by serial, or the failure to show: a token the desk held a session on and can no longer
   * see was removed (a stale session of some modules still answers, with no objects); one it never
   * held is just not plugged in.
   */
  const requireToken = (serial: string): { slot: Buffer; info: Pkcs11Types.TokenInfo } => {
    const token = presentTokens().get(serial);
    if (!token) {
      const held = sessions.delete(serial);
      if (held) throw new TokenRemovedError(`token ${serial} no longer present`);
      throw new SigningFailure('signing-token-absent', 'Không thấy token ký số đã chọn. Hãy cắm token vào máy rồi thử lại.', `token ${serial} not present`);
    }
    return token;
  };

  /** Turns an error of an operation on `serial` into the failure the officer should see. */
  const classify = (serial: string, error: unknown, what: string): SigningFailure => {
    if (error instanceof SigningFailure) return error;
    const code = codeOf(error);
    const detail = `${what}: ${describeError(error)}`;
    const stillThere = (() => {
      try {
        return presentTokens().has(serial);
      } catch {
        return false;
      }
    })();
    if (!stillThere || code === CKR.DEVICE_REMOVED || code === CKR.TOKEN_NOT_PRESENT) {
      sessions.delete(serial);
      return new TokenRemovedError(detail, { cause: error });
    }
    if (code === CKR.USER_NOT_LOGGED_IN || code === CKR.SESSION_HANDLE_INVALID || code === CKR.SESSION_CLOSED) {
      sessions.delete(serial);
      return new SigningFailure('signing-not-logged-in', 'Phiên làm việc với token đã hết. Hãy nhập lại mã PIN.', detail, { cause: error });
    }
    if (code !== undefined && GONE_CODES.has(code)) sessions.delete(serial);
    return new SigningFailure('signing-token-error', 'Token ký số báo lỗi khi thực hiện thao tác. Hãy thử lại; nếu lỗi lặp lại, rút và cắm lại token.', detail, { cause: error });
  };

  const findObjects = (session: Buffer, template: Pkcs11Types.Template): Buffer[] => {
    p11.C_FindObjectsInit(session, template);
    try {
      return p11.C_FindObjects(session, 256);
    } finally {
      p11.C_FindObjectsFinal(session);
    }
  };

  const withSession = <T>(serial: string, run: (session: Buffer) => T): T => {
    const { slot } = requireToken(serial);
    const held = sessions.get(serial);
    if (held) return run(held.session);
    const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      return run(session);
    } finally {
      try {
        p11.C_CloseSession(session);
      } catch {
        // The token may be gone already; nothing is held.
      }
    }
  };

  const readCertificates = (session: Buffer): TokenCertificate[] => {
    const handles = findObjects(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    ]);
    const certificates: TokenCertificate[] = [];
    for (const handle of handles) {
      const [value, id, label] = p11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }, { type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }]);
      const der = value?.value instanceof Buffer ? new Uint8Array(value.value) : undefined;
      if (!der) continue;
      let described: SigningCertificateInfo;
      try {
        described = describeCertificate(new X509Certificate(der), {
          id: id?.value instanceof Buffer ? id.value.toString('hex') : '',
          label: label?.value instanceof Buffer ? label.value.toString('utf8') : '',
        });
      } catch {
        // A certificate object the desk cannot parse is not offered for signing.
        continue;
      }
      certificates.push({ ...described, der });
    }
    return certificates;
  };

  /** One operation at a time per token: a PKCS#11 session carries a single active signing operation. */
  const serialized = <T>(serial: string, run: () => Promise<T>): Promise<T> => {
    const previous = queues.get(serial) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    queues.set(serial, next);
    return next;
  };

  return {
    path: modulePath,
    tokens() {
      return [...presentTokens()].map(([serial, { info }]) => describeToken(serial, info));
    },
    certificates(serial) {
      try {
        return withSession(serial, (session) => {
          // While logged in, the token's certificates are read once: signing a batch does not list them per file.
          const held = sessions.get(serial);
          if (held?.session === session) return (held.certificates ??= readCertificates(session));
          return readCertificates(session);
        });
      } catch (error) {
        throw classify(serial, error, 'list certificates');
      }
    },
    login(serial, pin) {
      const { slot } = requireToken(serial);
      if (isLoggedIn(serial)) return describeToken(serial, p11.C_GetTokenInfo(slot));
      let session: Buffer;
      try {
        session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      } catch (error) {
        throw classify(serial, error, 'C_OpenSession');
      }
      try {
        p11.C_Login(session, pkcs11js.CKU_USER, pin);
      } catch (error) {
        const code = codeOf(error);
        if (code !== CKR.USER_ALREADY_LOGGED_IN) {
          try {
            p11.C_CloseSession(session);
          } catch {
            // nothing held
          }
          if (code === CKR.PIN_INCORRECT || code === CKR.PIN_LEN_RANGE || code === CKR.PIN_INVALID || code === CKR.PIN_LOCKED || code === CKR.PIN_EXPIRED) {
            throw pinFailure(code, () => pinState(p11.C_GetTokenInfo(slot).flags), describeError(error));
          }
          throw classify(serial, error, 'C_Login');
        }
      }
      sessions.set(serial, { slot, session });
      return describeToken(serial, p11.C_GetTokenInfo(slot));
    },
    logout(serial) {
      const held = sessions.get(serial);
      sessions.delete(serial);
      if (!held) return;
      try {
        p11.C_Logout(held.session);
      } catch {
        // Already logged out, or the token is gone: either way nobody is logged in.
      }
      try {
        p11.C_CloseSession(held.session);
      } catch {
        // see above
      }
    },
    signDigest(serial, certificateId, digest) {
      return serialized(serial, async () => {
        const held = sessions.get(serial);
        if (!held) {
          requireToken(serial);
          throw new SigningFailure('signing-not-logged-in', 'Chưa đăng nhập token ký số. Hãy nhập mã PIN trước khi ký.', `token ${serial}: no logged-in session`);
        }
        const { session } = held;
        let certificate: TokenCertificate | undefined;
        let key: Buffer | undefined;
        try {
          certificate = (held.certificates ??= readCertificates(session)).find((c) => c.id === certificateId);
          // The key handle is looked up once per session; a token pulled out makes its use fail, and classify says why.
          held.keys ??= new Map();
          key = held.keys.get(certificateId);
          if (!key) {
            [key] = findObjects(session, [
              { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
              { type: pkcs11js.CKA_ID, value: Buffer.from(certificateId, 'hex') },
            ]);
            if (key) held.keys.set(certificateId, key);
          }
        } catch (error) {
          throw classify(serial, error, 'find key');
        }
        // Objects vanish from a session whose token was just pulled out before any call fails.
        if (!certificate || !key) requireToken(serial);
        if (!certificate) throw new SigningFailure('signing-key-missing', 'Không tìm thấy chứng thư số đã chọn trên token.', `no certificate with CKA_ID ${certificateId}`);
        if (!key) throw new SigningFailure('signing-key-missing', 'Token không có khóa bí mật đi kèm chứng thư số đã chọn.', `no private key with CKA_ID ${certificateId}`);
        if (!certificate.supported) {
          throw new SigningFailure('signing-certificate-unsupported', 'Chứng thư số này dùng loại khóa mà phần mềm chưa hỗ trợ (chỉ RSA và ECDSA P-256).', `${certificate.keyType} ${certificate.curve ?? ''}`);
        }
        const rsa = certificate.keyType === 'rsa';
        const input = rsa
          ? Buffer.from(AsnConvert.serialize(new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256_OID, parameters: null }), digest: new OctetString(digest) })))
          : Buffer.from(digest);
        let raw: Buffer;
        try {
          p11.C_SignInit(session, { mechanism: rsa ? pkcs11js.CKM_RSA_PKCS : pkcs11js.CKM_ECDSA }, key);
          raw = await p11.C_SignAsync(session, input, Buffer.alloc(1024));
        } catch (error) {
          throw classify(serial, error, 'C_Sign');
        }
        const signature = rsa
          ? new Uint8Array(raw)
          : new Uint8Array(
              AsnConvert.serialize(new ECDSASigValue({ r: unsignedInteger(raw.subarray(0, raw.length / 2)), s: unsignedInteger(raw.subarray(raw.length / 2)) })),
            );
        return { algorithm: rsa ? 'rsa-pkcs1-sha256' : 'ecdsa-p256-sha256', signature, certificate };
      });
    },
    close() {
      for (const serial of [...sessions.keys()]) this.logout(serial);
      try {
        p11.C_Finalize();
      } catch {
        // finalizing a library whose token vanished may fail; the handle is closed anyway
      }
      p11.close();
    },
  };
}

/** The failure for a refused PIN, with the token's own count of tries as its flags tell it. */
function pinFailure(code: number, state: () => PinState, detail: string): SigningFailure {
  let pin: PinState | undefined;
  try {
    pin = state();
  } catch {
    pin = undefined;
  }
  const flags = pin ? ` (flags: countLow=${pin.countLow} finalTry=${pin.finalTry} locked=${pin.locked})` : '';
  if (code === CKR.PIN_LOCKED || pin?.locked) {
    return new SigningFailure('signing-pin-locked', 'Mã PIN của token đã bị khóa do nhập sai quá số lần cho phép. Hãy liên hệ đơn vị cấp chứng thư số để mở khóa.', `${detail}${flags}`);
  }
  if (code === CKR.PIN_EXPIRED) return new SigningFailure('signing-pin-wrong', 'Mã PIN của token đã hết hạn; hãy đổi mã PIN bằng phần mềm của nhà cung cấp token.', `${detail}${flags}`);
  const warning = pin?.finalTry
    ? ' Cảnh báo: chỉ còn MỘT lần thử — nhập sai lần nữa token sẽ bị khóa.'
    : pin?.countLow
      ? ' Cảnh báo: token báo còn ít lần thử trước khi bị khóa; hãy kiểm tra kỹ trước khi nhập lại.'
      : '';
  return new SigningFailure('signing-pin-wrong', `Mã PIN không đúng.${warning}`, `${detail}${flags}`);
}

/** SHA-256 of DER bytes in hex; shared by the certificate listing and the CMS builder. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
