import { z } from 'zod';
import { defineService } from './defineService';

/** Where the sheets are fed: the glass, the feeder, or the feeder scanning both sides. */
export const ScanSource = z.enum(['platen', 'adf', 'adf-duplex']);
export type ScanSource = z.infer<typeof ScanSource>;
export const ColorMode = z.enum(['color', 'gray', 'bw']);
export type ColorMode = z.infer<typeof ColorMode>;
/** The resolutions a job may ask for; drivers snap within what the device has. */
export const SCAN_DPI_RANGE = { min: 50, max: 1200 } as const;
/** The image types a scanned page may arrive as. */
export const ScanPageMime = z.enum(['image/jpeg', 'image/png', 'image/tiff']);
export type ScanPageMime = z.infer<typeof ScanPageMime>;

export const ScanSettingsSchema = z.object({
  source: ScanSource,
  colorMode: ColorMode,
  dpi: z.number().int().min(SCAN_DPI_RANGE.min).max(SCAN_DPI_RANGE.max),
});
/** What a scan job asks of the scanner (the one definition main, CLI and renderer use). */
export type ScanSettings = z.infer<typeof ScanSettingsSchema>;

export const ScannerDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.enum(['demo', 'sane', 'escl', 'folder', 'file']),
  training: z.boolean(),
});
export type ScannerDeviceInfo = z.infer<typeof ScannerDeviceSchema>;

/** The backends a host lists scanners from; file import is no backend of the list. */
export const ScannerBackendKind = z.enum(['demo', 'sane', 'escl', 'folder']);
export type ScannerBackendKind = z.infer<typeof ScannerBackendKind>;

/** One backend of the scanner list, with the name its error line starts with (e.g. "SANE"). */
export const ScannerBackendSchema = z.object({
  kind: ScannerBackendKind,
  name: z.string().min(1).max(100),
});
export type ScannerBackendInfo = z.infer<typeof ScannerBackendSchema>;

export const ScannerCapabilitiesSchema = z.object({
  sources: z.array(ScanSource),
  colorModes: z.array(ColorMode),
  resolutions: z.array(z.number()),
});

/** Where the renderer files the pages of a job; main keeps it with the spooled pages. */
export const ScanTarget = z.object({
  dossierId: z.string().min(1).max(100),
  componentId: z.string().min(1).max(100).optional(),
});
export type ScanTarget = z.infer<typeof ScanTarget>;

const JobId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);

/** A file chosen for import: its name (for messages only) and its bytes, at most 200 MB. */
export const ImportFileSchema = z.object({
  name: z.string().min(1).max(255),
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength <= 200 * 1024 * 1024, 'cần dữ liệu nhị phân (tối đa 200 MB)'),
});

export const ScanPageSchema = z.object({
  jobId: z.string(),
  target: ScanTarget,
  index: z.number().int().positive(),
  mime: ScanPageMime,
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'cần dữ liệu nhị phân'),
  width: z.number().optional(),
  height: z.number().optional(),
  dpi: z.number(),
  colorMode: ColorMode,
  deviceName: z.string(),
});
export type ScanPage = z.infer<typeof ScanPageSchema>;

/**
 * Something the officer should know about a job that is not an error, e.g. a resolution the device
 * lacks was raised to the next one it offers. `message` is Vietnamese, ready to show.
 */
export const ScanNoticeSchema = z.object({
  code: z.string().min(1).max(100),
  message: z.string().min(1).max(500),
  requestedDpi: z.number().int().positive().optional(),
  usedDpi: z.number().int().positive().optional(),
});
export type ScanNotice = z.infer<typeof ScanNoticeSchema>;

export const ScanJobStateSchema = z.object({
  jobId: z.string(),
  target: ScanTarget,
  deviceId: z.string(),
  state: z.enum(['scanning', 'completed', 'failed', 'cancelled']),
  pages: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string(), detail: z.string().optional() }).optional(),
  /** Notices of the job so far, oldest first (absent when there are none). */
  notices: z.array(ScanNoticeSchema).max(20).optional(),
});
export type ScanJobState = z.infer<typeof ScanJobStateSchema>;

/**
 * Scanning: pages stream to the renderer one event per page as the device delivers them. Main keeps
 * each page in a spool folder until the renderer acknowledges that it stored it, so a closed window
 * or a crash loses nothing: `pending()` hands back whatever was not acknowledged.
 */
export const scanService = defineService(
  'scan',
  {
    /** Every backend's devices at once: waits for the slowest backend (CLI, tests); failing backends list nothing. */
    listDevices: { args: z.tuple([]), result: z.array(ScannerDeviceSchema) },
    /**
     * The backends of this host, so the scanner list can ask each one on its own
     * (`listBackendDevices`) and show a fast backend's devices without waiting for a slow one.
     */
    backends: { args: z.tuple([]), result: z.array(ScannerBackendSchema) },
    /**
     * The devices of one backend. A backend that is there but cannot list fails with a Vietnamese
     * message that starts with the backend's name ("SANE: …"); one not installed or not set up lists none.
     */
    listBackendDevices: { args: z.tuple([ScannerBackendKind]), result: z.array(ScannerDeviceSchema) },
    capabilities: { args: z.tuple([z.string().min(1).max(500)]), result: ScannerCapabilitiesSchema },
    start: { args: z.tuple([JobId, z.string().min(1).max(500), ScanSettingsSchema, ScanTarget]), result: z.object({ jobId: z.string() }) },
    cancel: { args: z.tuple([JobId]), result: z.boolean() },
    acknowledge: { args: z.tuple([JobId, z.number().int().positive()]), result: z.boolean() },
    pending: { args: z.tuple([]), result: z.array(ScanPageSchema) },
    /**
     * Imports files the officer chose (JPEG, PNG, multi-page TIFF, PDF) as a job: main converts
     * what the renderer cannot show (TIFF pages, PDF pages) and the pages arrive like scanned ones.
     */
    /** Remembers a network (eSCL) scanner entered by hand, e.g. http://192.0.2.7/eSCL, and returns it as listed. */
    addNetworkScanner: { args: z.tuple([z.string().trim().min(8).max(500).regex(/^https?:\/\//i, 'cần địa chỉ http:// hoặc https://')]), result: ScannerDeviceSchema },
    importFiles: { args: z.tuple([JobId, z.array(ImportFileSchema).min(1).max(500), ScanTarget]), result: z.object({ jobId: z.string() }) },
  },
  {
    page: ScanPageSchema,
    job: ScanJobStateSchema,
  },
);
