import { describe, expect, it } from 'vitest';
import { effectiveExitCode } from '../../../main/scan/saneScanner';

// stderr of `scanimage --batch` from the SANE test backend, as recorded.
const coverOpenThenSigpipe = `Scanning infinity pages, incrementing by 1, numbering from 1
Scanning page 1
scanimage: sane_read: Scanner cover is open
Scanned page 1. (scanner status = 8)
Batch terminated, 1 page scanned
scanimage: received signal 13
scanimage: trying to stop scanner
scanimage: received signal 13
scanimage: aborting
`;
const normalBatch = `Scanning page 2
Scanned page 2. (scanner status = 5)
Scanning page 3
scanimage: sane_start: Document feeder out of documents
Batch terminated, 2 pages scanned
`;

describe('scanimage exit status', () => {
  it('takes the error status scanimage printed when a late signal made it exit 0', () => {
    expect(effectiveExitCode(0, coverOpenThenSigpipe)).toBe(8);
  });
  it('keeps 0 for a batch whose pages all ended normally (status 5 is end of page)', () => {
    expect(effectiveExitCode(0, normalBatch)).toBe(0);
  });
  it('keeps a non-zero exit status as it is', () => {
    expect(effectiveExitCode(6, normalBatch)).toBe(6);
    expect(effectiveExitCode(null, coverOpenThenSigpipe)).toBeNull();
  });
});
