import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { buildEsclScanSettings } from '../../../main/scan/buildEsclScanSettings';
import { esclDeviceId, resolveJobUrl } from '../../../main/scan/esclScanner';
import { parseEsclCapabilities } from '../../../main/scan/parseEsclCapabilities';
import { esclStatusFailure, parseEsclStatus } from '../../../main/scan/parseEsclStatus';

/** Capabilities in the shape network MFPs send: other prefixes, a resolution range on the platen, Ext formats. */
const capabilities = `<?xml version="1.0" encoding="UTF-8"?>
<escl:ScannerCapabilities xmlns:escl="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:p="http://www.pwg.org/schemas/2010/12/sm">
  <p:Version>2.6</p:Version>
  <p:MakeAndModel> Office MFP 4100 </p:MakeAndModel>
  <escl:UUID>564e4333-4b32-3132-3738-84a93e8e0c1c</escl:UUID>
  <escl:Platen>
    <escl:PlatenInputCaps>
      <escl:MinWidth>8</escl:MinWidth><escl:MaxWidth>2550</escl:MaxWidth>
      <escl:MinHeight>8</escl:MinHeight><escl:MaxHeight>3507</escl:MaxHeight>
      <escl:SettingProfiles>
        <escl:SettingProfile>
          <escl:ColorModes><escl:ColorMode>RGB24</escl:ColorMode><escl:ColorMode>Grayscale8</escl:ColorMode></escl:ColorModes>
          <escl:DocumentFormats><p:DocumentFormat>application/pdf</p:DocumentFormat><p:DocumentFormat>image/jpeg</p:DocumentFormat></escl:DocumentFormats>
          <escl:SupportedResolutions>
            <escl:ResolutionRange>
              <escl:XResolution><escl:Min>100</escl:Min><escl:Max>600</escl:Max><escl:Step>1</escl:Step></escl:XResolution>
              <escl:YResolution><escl:Min>100</escl:Min><escl:Max>600</escl:Max><escl:Step>1</escl:Step></escl:YResolution>
            </escl:ResolutionRange>
          </escl:SupportedResolutions>
        </escl:SettingProfile>
      </escl:SettingProfiles>
    </escl:PlatenInputCaps>
  </escl:Platen>
  <escl:Adf>
    <escl:AdfSimplexInputCaps>
      <escl:MaxWidth>2550</escl:MaxWidth><escl:MaxHeight>4200</escl:MaxHeight>
      <escl:SettingProfiles>
        <escl:SettingProfile>
          <escl:ColorModes><escl:ColorMode>BlackAndWhite1</escl:ColorMode><escl:ColorMode>RGB24</escl:ColorMode></escl:ColorModes>
          <escl:DocumentFormats><p:DocumentFormat>image/jpeg</p:DocumentFormat><escl:DocumentFormatExt>image/png</escl:DocumentFormatExt></escl:DocumentFormats>
          <escl:SupportedResolutions>
            <escl:DiscreteResolutions>
              <escl:DiscreteResolution><escl:XResolution>300</escl:XResolution><escl:YResolution>300</escl:YResolution></escl:DiscreteResolution>
              <escl:DiscreteResolution><escl:XResolution>150</escl:XResolution><escl:YResolution>150</escl:YResolution></escl:DiscreteResolution>
              <escl:DiscreteResolution><escl:XResolution>600</escl:XResolution><escl:YResolution>300</escl:YResolution></escl:DiscreteResolution>
            </escl:DiscreteResolutions>
          </escl:SupportedResolutions>
        </escl:SettingProfile>
      </escl:SettingProfiles>
    </escl:AdfSimplexInputCaps>
    <escl:AdfOptions><escl:AdfOption>DetectPaperLoaded</escl:AdfOption><escl:AdfOption>Duplex</escl:AdfOption></escl:AdfOptions>
  </escl:Adf>
</escl:ScannerCapabilities>`;

function expectBadResponse(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeskFailure);
    expect((error as DeskFailure).code).toBe('scanner-bad-response');
    expect((error as DeskFailure).userMessage).toBe('Máy quét trả về dữ liệu không hợp lệ. Các trang đã quét được giữ lại; hãy thử quét lại.');
    return;
  }
  throw new Error('expected the bad-response failure');
}

describe('eSCL ScannerCapabilities', () => {
  it('reads sources, modes, formats, resolutions and scan area whatever the namespace prefixes', () => {
    const caps = parseEsclCapabilities(capabilities);
    expect(caps.makeAndModel).toBe('Office MFP 4100');
    expect(caps.uuid).toBe('564e4333-4b32-3132-3738-84a93e8e0c1c');
    expect(caps.sources.platen).toEqual({ colorModes: ['color', 'gray'], formats: ['application/pdf', 'image/jpeg'], resolutions: [100, 150, 200, 240, 300, 400, 600], maxWidth: 2550, maxHeight: 3507 });
    expect(caps.sources.adf).toEqual({ colorModes: ['color', 'bw'], formats: ['image/jpeg', 'image/png'], resolutions: [150, 300], maxWidth: 2550, maxHeight: 4200 });
    // Duplex announced only as an ADF option: the simplex caps apply to both sides.
    expect(caps.sources['adf-duplex']).toEqual(caps.sources.adf);
  });

  it('refuses a document with no usable source', () => {
    expectBadResponse(() => parseEsclCapabilities('<scan:ScannerCapabilities xmlns:scan="x"><pwg:Version>2.0</pwg:Version></scan:ScannerCapabilities>'));
    expect(() => parseEsclCapabilities('<a/>')).toThrow(DeskFailure);
  });

  it('never crashes on arbitrary bytes: a parsed result or the Vietnamese bad-response error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        try {
          parseEsclCapabilities(text);
        } catch (error) {
          expect(error).toBeInstanceOf(DeskFailure);
          expect((error as DeskFailure).code).toBe('scanner-bad-response');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never crashes on damaged real documents (cut, spliced, characters changed)', () => {
    fc.assert(
      fc.property(fc.nat(capabilities.length), fc.nat(capabilities.length), fc.string({ maxLength: 12 }), (start, length, insert) => {
        const damaged = capabilities.slice(0, start) + insert + capabilities.slice(Math.min(capabilities.length, start + (length % 40)));
        try {
          const caps = parseEsclCapabilities(damaged);
          for (const source of Object.values(caps.sources)) {
            expect(source.colorModes.length).toBeGreaterThan(0);
            expect(source.resolutions.every((dpi) => Number.isInteger(dpi) && dpi > 0)).toBe(true);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(DeskFailure);
          expect((error as DeskFailure).code).toBe('scanner-bad-response');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('eSCL ScannerStatus', () => {
  const status = (state: string, adf?: string) =>
    `<?xml version="1.0"?><scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm"><pwg:Version>2.0</pwg:Version><pwg:State>${state}</pwg:State>${adf ? `<scan:AdfState>${adf}</scan:AdfState>` : ''}<scan:Jobs><scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/7</pwg:JobUri><pwg:JobState>Processing</pwg:JobState></scan:JobInfo></scan:Jobs></scan:ScannerStatus>`;

  it.each([
    ['Idle', 'ScannerAdfLoaded', true, undefined],
    ['Stopped', 'ScannerAdfJam', true, 'jammed'],
    ['Stopped', 'ScannerAdfDoorOpen', true, 'cover-open'],
    ['Idle', 'ScannerAdfEmpty', true, 'feeder-empty'],
    ['Idle', 'ScannerAdfEmpty', false, undefined],
    ['Down', undefined, false, 'offline'],
    ['Processing', undefined, true, undefined],
  ])('state %s, ADF %s (feeder in use: %s) means %s', (state, adf, feeder, kind) => {
    const parsed = parseEsclStatus(status(state, adf));
    expect(parsed.state).toBe(state);
    expect(parsed.jobs).toEqual([{ uri: '/eSCL/ScanJobs/7', state: 'Processing', reasons: [] }]);
    expect(esclStatusFailure(parsed, feeder)).toBe(kind);
  });

  it('refuses malformed status with the typed error, never another exception', () => {
    expectBadResponse(() => parseEsclStatus('<scan:ScannerStatus><pwg:State>Idle'));
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(400), (noise, at) => {
        const text = status('Idle', 'ScannerAdfLoaded');
        try {
          parseEsclStatus(text.slice(0, at) + noise + text.slice(at + 3));
        } catch (error) {
          expect((error as DeskFailure).code).toBe('scanner-bad-response');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('eSCL job requests', () => {
  it('writes ScanSettings that read back as asked', () => {
    const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });
    fc.assert(
      fc.property(fc.constantFrom('platen', 'adf', 'adf-duplex' as const), fc.constantFrom('color', 'gray', 'bw' as const), fc.integer({ min: 50, max: 1200 }), (source, colorMode, dpi) => {
        const xml = buildEsclScanSettings({ source, colorMode, dpi, format: 'image/jpeg', width: 2480, height: 3508 });
        const settings = (parser.parse(xml) as { ScanSettings: Record<string, unknown> }).ScanSettings;
        expect(settings.InputSource).toBe(source === 'platen' ? 'Platen' : 'Feeder');
        expect(settings.ColorMode).toBe({ color: 'RGB24', gray: 'Grayscale8', bw: 'BlackAndWhite1' }[colorMode]);
        expect(settings.XResolution).toBe(String(dpi));
        expect(settings.Duplex).toBe(source === 'platen' ? undefined : String(source === 'adf-duplex'));
      }),
    );
  });

  it('resolves relative and absolute Location headers against the address the desk used', () => {
    const base = 'http://192.0.2.7:8080/eSCL';
    expect(resolveJobUrl(base, '/eSCL/ScanJobs/42')).toBe('http://192.0.2.7:8080/eSCL/ScanJobs/42');
    expect(resolveJobUrl(base, 'ScanJobs/42/')).toBe('http://192.0.2.7:8080/eSCL/ScanJobs/42');
    expect(resolveJobUrl(base, 'http://localhost/eSCL/ScanJobs/42')).toBe('http://192.0.2.7:8080/eSCL/ScanJobs/42');
    expect(esclDeviceId('http://192.0.2.7/eSCL/?x=1')).toBe('escl:http://192.0.2.7/eSCL');
    expect(() => esclDeviceId('file:///etc/passwd')).toThrow(DeskFailure);
  });
});
