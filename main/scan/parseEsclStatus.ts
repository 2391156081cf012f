import type { ScanFailureKind } from './scanFailure';
import { child, children, readEsclXml, textOf, textsOf, uintOf, type EsclValue } from './readEsclXml';

/** One scan job as ScannerStatus lists it. */
export interface EsclJobInfo {
  /** pwg:JobUri, as the device wrote it (often absolute, with a host the desk may not reach). */
  uri: string;
  /** pwg:JobUuid, when given. */
  uuid?: string;
  /** pwg:JobState: Pending, Processing, Completed, Canceled, Aborted. */
  state: string;
  /** pwg:JobStateReasons, e.g. JobCompletedSuccessfully, ResourcesAreNotReady, JobCanceledByUser. */
  reasons: string[];
  imagesCompleted?: number;
}

/** The parts of an eSCL ScannerStatus document the driver acts on. */
export interface EsclStatus {
  /** pwg:State: Idle, Processing, Testing, Stopped, Down. */
  state: string;
  /** pwg:StateReasons of the device as a whole (`None` left out). */
  stateReasons: string[];
  /** scan:AdfState, e.g. ScannerAdfLoaded, ScannerAdfEmpty, ScannerAdfJam, ScannerAdfDoorOpen. */
  adfState?: string;
  jobs: EsclJobInfo[];
}

/** Words a device may send; anything outside letters, digits and a few marks is dropped, and length is capped. */
export function cleanWord(text: string): string {
  return text.replace(/[^A-Za-z0-9_.:-]+/g, '').slice(0, 64);
}

function reasonsOf(node: EsclValue | undefined, listName: string, itemName: string): string[] {
  const words = textsOf(child(node, listName), itemName).map(cleanWord);
  return [...new Set(words.filter((word) => word !== '' && word !== 'None'))].slice(0, 8);
}

/**
 * Reads ScannerStatus: device state and reasons, the feeder state, and every listed job with its
 * state and reasons. Malformed XML is a typed `bad-response` failure; missing parts are left out.
 */
export function parseEsclStatus(xml: string): EsclStatus {
  const root = readEsclXml(xml, 'ScannerStatus', 'ScannerStatus');
  const adfState = cleanWord(textOf(root, 'AdfState') ?? '');
  const jobs = children(child(root, 'Jobs'), 'JobInfo').map((info): EsclJobInfo => {
    const uuid = cleanWord(textOf(info, 'JobUuid') ?? '');
    const images = uintOf(info, 'ImagesCompleted');
    return {
      uri: (textOf(info, 'JobUri') ?? '').slice(0, 500),
      ...(uuid ? { uuid } : {}),
      state: cleanWord(textOf(info, 'JobState') ?? ''),
      reasons: reasonsOf(info, 'JobStateReasons', 'JobStateReason'),
      ...(images === undefined ? {} : { imagesCompleted: images }),
    };
  });
  return { state: cleanWord(textOf(root, 'State') ?? '') || 'Unknown', stateReasons: reasonsOf(root, 'StateReasons', 'StateReason'), ...(adfState ? { adfState } : {}), jobs };
}

/** What a feeder state says, in the words of the failure kinds; `loaded` and `unknown` explain nothing. */
export type AdfCondition = 'empty' | 'jammed' | 'cover-open' | 'mispick' | 'feeder-fault' | 'loaded' | 'unknown';

/**
 * The meaning of an eSCL AdfState value (ScannerAdfEmpty, ScannerAdfJam, ScannerAdfDoorOpen,
 * ScannerAdfHatchOpen, ScannerAdfMispick, ScannerAdfMultipickDetected, ScannerAdfDuplexPageTooShort,
 * ScannerAdfDuplexPageTooLong, ScannerAdfInputTrayFailed, ScannerAdfInputTrayOverloaded, …).
 */
export function adfCondition(adfState: string | undefined): AdfCondition {
  if (!adfState) return 'unknown';
  if (/Jam/i.test(adfState)) return 'jammed';
  if (/(Door|Cover|Hatch)Open/i.test(adfState)) return 'cover-open';
  if (/(Mispick|Multipick)/i.test(adfState)) return 'mispick';
  if (/(PageTooShort|PageTooLong|InputTray|Failed|Overload)/i.test(adfState)) return 'feeder-fault';
  if (/^ScannerAdfEmpty$|^Empty$/i.test(adfState)) return 'empty';
  if (/(Loaded|Processing)$/i.test(adfState)) return 'loaded';
  return 'unknown';
}

/**
 * The typed failure a status explains, if any: a feeder condition matters only when the feeder is
 * in use; a down device is offline whatever the source.
 */
export function esclStatusFailure(status: EsclStatus, usesFeeder: boolean): ScanFailureKind | undefined {
  if (usesFeeder) {
    const condition = adfCondition(status.adfState);
    if (condition === 'empty') return 'feeder-empty';
    if (condition !== 'loaded' && condition !== 'unknown') return condition;
  }
  if (status.state === 'Down') return 'offline';
  return undefined;
}
