import type { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { EsclErrorBody } from './parseEsclErrorBody';
import { adfCondition, type EsclJobInfo, type EsclStatus } from './parseEsclStatus';
import { scanFailure } from './scanFailure';

/** What the driver knows when the device refuses a request or a page goes wrong. */
export interface EsclStopFacts {
  /** HTTP status of the refusal, or 0 when there was none (a broken transfer, a damaged page). */
  httpStatus: number;
  /** Refused when creating the job, or while fetching its pages. */
  phase: 'create' | 'page';
  usesFeeder: boolean;
  /** Pages received whole so far. */
  pages: number;
  /** The job's URL (or path), to find it among the jobs the status lists. */
  jobUrl?: string;
  /** ScannerStatus read right after, if the device answered with a readable one. */
  status?: EsclStatus;
  body?: EsclErrorBody;
}

export type EsclVerdict =
  /** The job reached its end: the feeder ran out after at least one page, or a 404 with the job Completed. */
  | { outcome: 'done' }
  /** The device names the cause. */
  | { outcome: 'failed'; failure: DeskFailure }
  /** The device is busy with another job. */
  | { outcome: 'busy'; words: string[] }
  /** Nothing the device said explains it; `words` are what it did say, for the caller's message. */
  | { outcome: 'unexplained'; words: string[] };

/** PWG job and device state reasons, in the officer's words. */
const reasonText: Record<string, string> = {
  ResourcesAreNotReady: 'thiết bị chưa sẵn sàng hoặc gặp lỗi đọc/ghi',
  ErrorsDetected: 'máy quét phát hiện lỗi',
  AbortedBySystem: 'máy quét tự hủy lệnh',
  JobCanceledBySystem: 'máy quét tự hủy lệnh',
  InvalidScanTicket: 'máy quét không nhận thiết lập quét',
  UnsupportedDocumentFormat: 'máy quét không hỗ trợ định dạng ảnh',
  DocumentPermissionError: 'không có quyền quét trên máy này',
  DocumentAccessError: 'không có quyền quét trên máy này',
  ServiceOffLine: 'dịch vụ quét của máy đang tắt',
  JobTimedOut: 'lệnh quét quá thời gian chờ',
  JobTimeOut: 'lệnh quét quá thời gian chờ',
};

const feederText: Array<[RegExp, string]> = [
  [/PageTooShort/i, 'tờ giấy quá ngắn để quét hai mặt'],
  [/PageTooLong/i, 'tờ giấy quá dài để quét hai mặt'],
  [/Overload/i, 'khay nạp giấy quá đầy'],
  [/InputTray/i, 'khay nạp giấy bị hỏng'],
];

function lastSegment(uri: string): string {
  return uri.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
}

/** The job a status lists for this job URL: by the last path segment of its URI, or its UUID. */
export function findEsclJob(jobs: readonly EsclJobInfo[], jobUrl: string | undefined): EsclJobInfo | undefined {
  if (!jobUrl) return undefined;
  const id = lastSegment(jobUrl);
  if (!id) return undefined;
  return jobs.find((job) => lastSegment(job.uri) === id || job.uuid === id);
}

function pagesKept(pages: number): string {
  return pages > 0 ? `${pages} trang đã quét được giữ lại` : 'Chưa có trang nào được quét';
}

/** A `stopped` failure naming the device's words, translated where they are known. */
export function stoppedFailure(words: readonly string[], pages: number, detail: string): DeskFailure {
  const shown = [...new Set(words)].slice(0, 8);
  const known = [...new Set(shown.flatMap((word) => (Object.hasOwn(reasonText, word) ? [reasonText[word]!] : [])))];
  const why = shown.length === 0 ? ' mà không cho biết lý do' : `${known.length > 0 ? `: ${known.join('; ')}` : ''} (máy báo: ${shown.join(', ')})`;
  return scanFailure('stopped', detail, undefined, `Máy quét đã dừng lệnh quét${why}. ${pagesKept(pages)}; hãy xem màn hình của máy quét rồi quét tiếp.`);
}

/**
 * Decides what a refusal or a failed page means, from the job's own state and reasons, the feeder
 * state and the refusal's body. An empty feeder is reported only when the device says so
 * (an AdfEmpty state), and a job counts as done only when the feeder ran out after a page or a 404
 * comes with the job listed as Completed; anything else the device stopped for is named, never guessed.
 */
export function explainEsclStop(facts: EsclStopFacts): EsclVerdict {
  const status = facts.status ?? facts.body?.status;
  const job = status ? findEsclJob(status.jobs, facts.jobUrl) : undefined;
  const bodyAdf = facts.body?.words.find((word) => /^ScannerAdf/i.test(word));
  const adf = facts.usesFeeder ? (status?.adfState ?? bodyAdf) : undefined;
  const condition = adfCondition(adf);
  const words = [
    ...(facts.httpStatus ? [`HTTP ${facts.httpStatus}`] : []),
    // A job still running says nothing by its state; its reasons may.
    ...(job ? [job.state === 'Processing' || job.state === 'Pending' ? '' : job.state, ...job.reasons].filter(Boolean) : []),
    ...(status && status.state !== 'Idle' && status.state !== 'Processing' ? [status.state] : []),
    ...(status?.stateReasons ?? []),
    ...(adf && condition !== 'loaded' ? [adf] : []),
    ...(facts.body?.words ?? []),
  ];
  const unique = [...new Set(words)].slice(0, 10);
  const detail = `${facts.phase === 'create' ? 'ScanJobs' : `page ${facts.pages + 1}`}: ${unique.join(', ') || 'no explanation'}; ${facts.pages} pages received`;
  const failed = (failure: DeskFailure): EsclVerdict => ({ outcome: 'failed', failure });

  if (condition === 'jammed' || condition === 'cover-open' || condition === 'mispick') return failed(scanFailure(condition, detail));
  if (condition === 'feeder-fault') {
    const text = feederText.find(([pattern]) => pattern.test(adf ?? ''))?.[1] ?? 'lỗi khay nạp giấy';
    return failed(scanFailure('feeder-fault', detail, undefined, `Khay nạp giấy của máy quét báo lỗi: ${text} (${adf}). ${pagesKept(facts.pages)}; hãy xử lý ở máy quét rồi quét tiếp.`));
  }
  if (job && (job.state === 'Canceled' || job.reasons.includes('JobCanceledByUser'))) return failed(scanFailure('cancelled', `${detail} (cancelled at the scanner)`));
  if (condition === 'empty') return facts.pages > 0 ? { outcome: 'done' } : failed(scanFailure('feeder-empty', detail));
  if (job?.state === 'Completed' && facts.pages === 0) return failed(stoppedFailure(unique, 0, `${detail} (completed without a page)`));
  // NextDocument's 404 is the eSCL end of a job, but only the job's Completed state makes it one.
  if (job?.state === 'Completed' && facts.httpStatus === 404) return { outcome: 'done' };
  if (job?.state === 'Aborted') return failed(stoppedFailure(unique, facts.pages, detail));
  if (status?.state === 'Down') return failed(scanFailure('offline', detail));
  if (status?.state === 'Stopped') return failed(stoppedFailure(unique, facts.pages, detail));
  const othersRunning = status ? status.jobs.some((other) => other !== job && (other.state === 'Processing' || other.state === 'Pending')) : false;
  if (status?.state === 'Processing' && (facts.phase === 'create' || !job || othersRunning || job.state === 'Pending')) return { outcome: 'busy', words: unique };
  return { outcome: 'unexplained', words: unique };
}
