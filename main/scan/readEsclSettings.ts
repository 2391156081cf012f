import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** The eSCL part of the desk's scanner settings file (`escl-scanners.json` in the data folder). */
export interface EsclSettings {
  /** Scanner URLs entered by hand, e.g. `http://192.0.2.7/eSCL`. */
  urls: string[];
  /** Look for scanners on the local network (mDNS); undefined leaves the host's default. */
  discovery?: boolean;
}

const EsclSettingsSchema = z.object({
  urls: z.array(z.string().url().max(500)).max(50).default([]),
  discovery: z.boolean().optional(),
});

/**
 * Reads the eSCL settings file. A missing file means no configured scanner; a damaged one is
 * reported as `damaged` so the caller can say so, and is never overwritten here.
 */
export async function readEsclSettings(file: string): Promise<EsclSettings & { damaged?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { urls: [] };
  }
  try {
    const parsed = EsclSettingsSchema.parse(JSON.parse(text));
    return { urls: parsed.urls, ...(parsed.discovery === undefined ? {} : { discovery: parsed.discovery }) };
  } catch (error) {
    return { urls: [], damaged: error instanceof Error ? error.message : String(error) };
  }
}
