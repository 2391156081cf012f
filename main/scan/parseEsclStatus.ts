import type { ScanFailureKind } from './scanFailure';
import { child, children, readEsclXml, textOf } from './readEsclXml';

/** The parts of an eSCL ScannerStatus document the driver acts on. */
export interface EsclStatus {
  /** pwg:State: Idle, Processing, Testing, Stopped, Down. */
  state: string;
  /** scan:AdfState, e.g. ScannerAdfLoaded, ScannerAdfEmpty, ScannerAdfJam, ScannerAdfDoorOpen. */
  adfState?: string;
  jobs: Array<{ uri: string; state: string }>;
}

/** Reads ScannerStatus; malformed XML is a typed `bad-response` failure. */
export function parseEsclStatus(xml: string): EsclStatus {
  const root = readEsclXml(xml, 'ScannerStatus', 'ScannerStatus');
  const adfState = textOf(root, 'AdfState');
  const jobs = children(child(root, 'Jobs'), 'JobInfo').map((info) => ({ uri: textOf(info, 'JobUri') ?? '', state: textOf(info, 'JobState') ?? '' }));
  return { state: textOf(root, 'State') ?? 'Unknown', ...(adfState ? { adfState } : {}), jobs };
}

/**
 * The typed failure a status explains, if any: a jam, an open cover or an empty feeder matter only
 * when the feeder is in use; a stopped or down device is offline whatever the source.
 */
export function esclStatusFailure(status: EsclStatus, usesFeeder: boolean): ScanFailureKind | undefined {
  if (usesFeeder && status.adfState) {
    if (/Jam/i.test(status.adfState)) return 'jammed';
    if (/(Door|Cover|Hatch)Open/i.test(status.adfState)) return 'cover-open';
    if (/Empty/i.test(status.adfState)) return 'feeder-empty';
  }
  if (status.state === 'Down') return 'offline';
  return undefined;
}
