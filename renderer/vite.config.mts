import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));

// --- OCR runtime (issue 5) -------------------------------------------------------------------
/**
 * Copies the OCR runtime into dist/renderer/ocr: the tesseract.js worker script, its LSTM-only
 * WebAssembly cores and the vie/eng language data from the installed npm packages, so renderer
 * OCR loads everything from the app's own origin and never from the network.
 */
function copyOcrRuntime(): Plugin {
  const require = createRequire(import.meta.url);
  const pkgDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
  return {
    name: 'copy-ocr-runtime',
    apply: 'build',
    async writeBundle(options) {
      const out = path.join(options.dir ?? fileURLToPath(new URL('../dist/renderer', import.meta.url)), 'ocr');
      await mkdir(out, { recursive: true });
      const files = [
        path.join(pkgDir('tesseract.js'), 'dist', 'worker.min.js'),
        ...['tesseract-core-lstm.wasm.js', 'tesseract-core-simd-lstm.wasm.js', 'tesseract-core-relaxedsimd-lstm.wasm.js'].map((f) => path.join(pkgDir('tesseract.js-core'), f)),
        ...['vie', 'eng'].map((lang) => path.join(pkgDir(`@tesseract.js-data/${lang}`), '4.0.0_best_int', `${lang}.traineddata.gz`)),
      ];
      await Promise.all(files.map((file) => copyFile(file, path.join(out, path.basename(file)))));
    },
  };
}
// --- end OCR runtime -------------------------------------------------------------------------

/**
 * Builds the renderer into dist/renderer, served by the app:// protocol in Electron and by the
 * Chromium test host. Relative base so the same build works under both origins.
 */
export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), copyOcrRuntime()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
