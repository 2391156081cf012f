import { cleanWord, parseEsclStatus, type EsclStatus } from './parseEsclStatus';
import { scanFailureKind } from './scanFailure';

/** What a refusal's body (409, 503, …) says: the device's words, and its status when it sent one. */
export interface EsclErrorBody {
  /** Distinct words of the body's text (markup dropped), at most 8 of at most 64 characters. */
  words: string[];
  /** A ScannerStatus document sent as the body, as some devices do. */
  status?: EsclStatus;
}

/** Words that are markup or filler, not the device's explanation. */
const noise = new Set(['xml', 'version', 'encoding', 'utf-8', 'UTF-8', 'html', 'head', 'body', 'title', 'http', 'https', 'www', 'the', 'and', 'of', 'is', 'a', 'to', 'in']);

/**
 * Reads the body of a refused eSCL request. Devices send nothing, plain text, an HTML page, an XML
 * error element or a whole ScannerStatus; whatever the bytes, this returns what could be read and
 * never throws, so the driver can name the device's reason without trusting its format.
 */
export function parseEsclErrorBody(bytes: Uint8Array): EsclErrorBody {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64 * 1024));
  // Words come from the start of the body only: an explanation is short, and this bounds the work.
  const head = text.slice(0, 8192);
  let status: EsclStatus | undefined;
  if (/ScannerStatus/.test(text)) {
    try {
      status = parseEsclStatus(text);
    } catch (error) {
      // A damaged status document is still read for its words below.
      if (scanFailureKind(error) !== 'bad-response') throw error;
    }
  }
  const plain = head
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\?[\s\S]*?\?>/g, ' ')
    .replace(/<\/?[A-Za-z][^<>]*>/g, ' ')
    .replace(/&[#A-Za-z0-9]+;/g, ' ');
  const words: string[] = [];
  for (const token of plain.split(/[^A-Za-z0-9_.:-]+/)) {
    const word = cleanWord(token).replace(/^[.:-]+|[.:-]+$/g, '');
    if (word.length < 2 || !/[A-Za-z]/.test(word) || noise.has(word) || /^https?:/i.test(word) || words.includes(word)) continue;
    words.push(word);
    if (words.length === 8) break;
  }
  return { words, ...(status ? { status } : {}) };
}
