import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskServices } from '../../preload/contract';
import { SigningSettings, type SignPdfRequest, type SignedPdf } from '../../preload/contract/signing';
import { loadTrustStore } from '../card/loadTrustStore';
import { buildCertificateChain, isSelfSigned } from './buildCertificateChain';
import type { Pkcs11Module, TokenCertificate } from './openPkcs11Module';
import { isoVietnam } from './isoVietnam';
import { SigningFailure } from './SigningFailure';

export interface SigningServiceOptions {
  dataDir: string;
  /** Used while nothing is stored in `<dataDir>/signing.json` (pilots, tests). */
  defaults?: Partial<SigningSettings>;
  /** The font of the visible signature; the Noto Serif shipped in assets by default. */
  fontPath?: string;
  fetch?: typeof fetch;
  now?: () => Date;
}

export type SigningService = DeskServices['signing'] & {
  /** Releases the PKCS#11 library (sessions closed, C_Finalize). */
  close(): void;
};

const EMPTY: SigningSettings = { modulePath: null, tsaUrl: null, agencyName: null };

/**
 * The serif font of the visible signature: copied beside the bundle by `npm run build:main`
 * (dist/main/fonts, inside the packaged app's asar), or the one in assets when run from source.
 */
export function signatureFontPath(): string {
  const bundled = path.join(__dirname, 'fonts', 'NotoSerif-Regular.ttf');
  return existsSync(bundled) ? bundled : path.resolve(__dirname, '..', '..', 'assets', 'fonts', 'NotoSerif-Regular.ttf');
}

function readStored(file: string, defaults: Partial<SigningSettings>): SigningSettings {
  const fallback = { ...EMPTY, ...defaults };
  try {
    const parsed = SigningSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** The lines of the visible signature of an agency on an electronic copy (Nghị định 30/2020, Phụ lục I, Phần II, I.3). */
export function copySignatureLines(agency: string, signedAt: Date, copyForm?: string): string[] {
  return [...(copyForm ? [copyForm] : []), agency, `Thời gian ký: ${isoVietnam(signedAt)}`];
}

/**
 * The signing service of main: settings in `<dataDir>/signing.json`, the vendor's PKCS#11 library
 * loaded on first use (and again when its path changes), tokens and certificates as the token lists
 * them, login with a PIN that is passed to the token and dropped, and PAdES signing of component
 * PDFs whose chain is completed from the token's own CA certificates and `<dataDir>/trust`.
 */
export function createSigningService(options: SigningServiceOptions): SigningService {
  const file = path.join(options.dataDir, 'signing.json');
  let settings = readStored(file, options.defaults ?? {});
  let loaded: Pkcs11Module | undefined;
  let font: Promise<Uint8Array> | undefined;
  // Each signer's certificate and chain, worked out once per login (token and trust folder are read again at the next).
  const signers = new Map<string, Promise<{ certificate: TokenCertificate; chain: Uint8Array[] }>>();

  // The PKCS#11 binding and the CMS/PDF code load on the first signing call: hosts that never sign
  // (the CLI's other commands, a desk without a token) never load them.
  const module = async (): Promise<Pkcs11Module> => {
    if (!settings.modulePath) {
      throw new SigningFailure('signing-not-configured', 'Chưa cấu hình thư viện ký số (PKCS#11) của token. Hãy chọn tệp thư viện của nhà cung cấp token trong cài đặt ký số.', 'modulePath not set');
    }
    if (loaded && loaded.path !== settings.modulePath) {
      loaded.close();
      loaded = undefined;
    }
    if (!loaded) {
      const { openPkcs11Module } = await import('./openPkcs11Module');
      loaded = openPkcs11Module(settings.modulePath);
    }
    return loaded;
  };

  const certificateOf = async (token: string, id: string): Promise<TokenCertificate> => {
    const certificate = (await module())
      .certificates(token)
      .find((c) => c.id === id);
    if (!certificate) throw new SigningFailure('signing-key-missing', 'Không tìm thấy chứng thư số đã chọn trên token.', `no certificate ${id} on ${token}`);
    return certificate;
  };

  /** CA certificates between the signer and its root, from the token and the trust folder (the root itself left out). */
  const chainOf = async (token: string, signer: TokenCertificate): Promise<Uint8Array[]> => {
    const pool = [
      ...(await module())
        .certificates(token)
        .filter((c) => c.id !== signer.id || c.sha256 !== signer.sha256)
        .map((c) => new X509Certificate(c.der)),
      ...(await loadTrustStore(path.join(options.dataDir, 'trust'))).certificates,
    ];
    return buildCertificateChain(new X509Certificate(signer.der), pool)
      .slice(1)
      .filter((c) => !isSelfSigned(c))
      .map((c) => new Uint8Array(c.raw));
  };

  const signPdf = async (request: SignPdfRequest): Promise<SignedPdf> => {
    const unsignedSha256 = createHash('sha256').update(request.pdf).digest('hex');
    if (request.sha256 && request.sha256 !== unsignedSha256) {
      throw new SigningFailure('signing-pdf-changed', 'Tệp cần ký không còn khớp với bản đã lưu (mã SHA-256 khác). Tệp không được ký.', `expected ${request.sha256}, got ${unsignedSha256}`);
    }
    const signerKey = `${request.token}/${request.certificateId}`;
    let signing = signers.get(signerKey);
    if (!signing) {
      signing = (async () => {
        const certificate = await certificateOf(request.token, request.certificateId);
        return { certificate, chain: await chainOf(request.token, certificate) };
      })();
      signing.catch(() => signers.delete(signerKey));
      signers.set(signerKey, signing);
    }
    const { certificate: signer, chain } = await signing;
    const { signPdfPades } = await import('./pades/signPdfPades');
    font ??= readFile(options.fontPath ?? signatureFontPath()).then((bytes) => new Uint8Array(bytes));
    const agency = settings.agencyName ?? signer.organisation;
    const result = await signPdfPades({
      pdf: request.pdf,
      signer: {
        certificate: signer.der,
        chain,
        sign: async (digest) => (await module()).signDigest(request.token, request.certificateId, digest),
      },
      appearanceLines: (at) => copySignatureLines(agency, at, request.copyForm),
      font: await font,
      signedAt: (options.now ?? (() => new Date()))(),
      tsaUrl: settings.tsaUrl,
      name: agency,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return {
      pdf: result.pdf,
      sha256: createHash('sha256').update(result.pdf).digest('hex'),
      unsignedSha256,
      level: result.level,
      signedAt: isoVietnam(result.signedAt),
      ...(result.timestampedAt ? { timestampedAt: isoVietnam(result.timestampedAt) } : {}),
      bytesAdded: result.bytesAdded,
    };
  };

  return {
    async getSettings() {
      return settings;
    },
    async saveSettings(next) {
      // Main loads this library into its own process when the officer signs: it must be a file that exists.
      if (next.modulePath && !existsSync(next.modulePath)) {
        throw new SigningFailure('signing-module-unavailable', `Không thấy thư viện ký số tại ${next.modulePath}. Hãy cài trình điều khiển token rồi chọn lại tệp.`, `${next.modulePath} does not exist`);
      }
      await mkdir(options.dataDir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(next, null, 2));
      await rename(temporary, file);
      settings = next;
      signers.clear();
      return settings;
    },
    async listTokens() {
      return (await module()).tokens();
    },
    async listCertificates(token) {
      return (await module())
        .certificates(token)
        .map(({ der: _der, ...info }) => info);
    },
    async login(token, pin) {
      signers.clear();
      return { token: (await module()).login(token, pin) };
    },
    async logout(token) {
      signers.clear();
      (await module()).logout(token);
      return { loggedIn: false as const };
    },
    async signDigest(request) {
      const { algorithm, signature } = await (await module()).signDigest(request.token, request.certificateId, request.digest);
      return { algorithm, signature };
    },
    signPdf,
    close() {
      loaded?.close();
      loaded = undefined;
    },
  };
}
