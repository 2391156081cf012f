import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { HotFolder } from './hotFolderScanner';

const HotFolderSettingsSchema = z.object({
  folders: z.array(z.object({ path: z.string().min(1).max(1000), name: z.string().min(1).max(200).optional() })).max(20),
});

/** The hot folders in `hot-folders.json`; a missing or damaged file gives none (and is left alone). */
export async function readHotFolderSettings(file: string): Promise<HotFolder[]> {
  try {
    const parsed = HotFolderSettingsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.folders.map((f) => (f.name ? { path: f.path, name: f.name } : { path: f.path }));
  } catch {
    return [];
  }
}
