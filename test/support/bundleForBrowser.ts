import { build, type BuildOptions } from 'esbuild';

/**
 * Bundles a TypeScript entry into one script a page can evaluate (IIFE for Chromium), the way the
 * test host, the harnesses and the benchmarks put project code into a page or a worker.
 */
export async function bundleForBrowser(entry: string, extra: Pick<BuildOptions, 'define' | 'plugins'> = {}): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', logLevel: 'silent', ...extra });
  return result.outputFiles[0]!.text;
}
