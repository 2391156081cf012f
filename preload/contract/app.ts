import { z } from 'zod';
import { defineService } from './defineService';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Training mode uses the demo scanner and marks every dossier as practice. */
  mode: z.enum(['training', 'production']),
  platform: z.string(),
  /** Which host runs main's services: the Electron app, or the Chromium test host. */
  host: z.enum(['electron', 'test-host', 'cli']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appService = defineService(
  'app',
  {
    getInfo: { args: z.tuple([]), result: AppInfo },
  },
  {},
);
