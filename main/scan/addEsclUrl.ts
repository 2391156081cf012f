import { readFile, rename, writeFile } from 'node:fs/promises';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { normalizeEsclUrl } from './esclScanner';
import { readEsclSettings } from './readEsclSettings';

/**
 * Adds a scanner URL to `escl-scanners.json`, keeping everything else in the file. A damaged file
 * is never overwritten: the officer is told to have it fixed. Returns the normalized URL.
 */
export async function addEsclUrl(file: string, url: string): Promise<string> {
  const normalized = normalizeEsclUrl(url);
  const settings = await readEsclSettings(file);
  if (settings.damaged) {
    throw new DeskFailure('scanner-settings-damaged', 'Tệp cấu hình máy quét mạng (escl-scanners.json) bị hỏng nên chưa thêm được máy quét. Hãy nhờ quản trị viên sửa tệp này.', settings.damaged);
  }
  const raw = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Record<string, unknown>,
    () => ({}) as Record<string, unknown>,
  );
  if (!settings.urls.map((u) => normalizeEsclUrl(u)).includes(normalized)) {
    const next = { ...raw, urls: [...settings.urls, normalized] };
    await writeFile(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  }
  return normalized;
}
