import { spawnSync } from 'node:child_process';

/** Debian packages providing each command-line peer (see .ci/apt-packages.txt). */
const PACKAGES: Record<string, string> = {
  qpdf: 'qpdf',
  pdftotext: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdfimages: 'poppler-utils',
  pdffonts: 'poppler-utils',
  tesseract: 'tesseract-ocr + tesseract-ocr-vie',
  ocrmypdf: 'ocrmypdf',
  img2pdf: 'img2pdf',
  pdfsig: 'poppler-utils',
  'softhsm2-util': 'softhsm2',
  'pkcs11-tool': 'opensc',
  certutil: 'libnss3-tools',
  openssl: 'openssl',
};

/** Fails (never skips) when a real peer is missing, naming the Debian package to install. */
export function requireTools(...tools: string[]): void {
  for (const tool of tools) {
    const probe = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (probe.status !== 0) throw new Error(`Thiếu công cụ "${tool}": cài gói Debian ${PACKAGES[tool] ?? tool} (xem .ci/apt-packages.txt).`);
  }
}

/** Runs a tool and returns stdout; a non-zero exit throws with stderr attached. */
export function run(tool: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: Uint8Array } = {}): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: options.env ?? process.env, ...(options.input ? { input: options.input } : {}) });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}
