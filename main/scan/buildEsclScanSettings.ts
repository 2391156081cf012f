import type { ColorMode, ScanSource } from './ScannerDriver';

export interface EsclJobRequest {
  source: ScanSource;
  colorMode: ColorMode;
  dpi: number;
  format: string;
  /** Scan area in 1/300 inch. */
  width: number;
  height: number;
}

const inputSources: Record<ScanSource, string> = { platen: 'Platen', adf: 'Feeder', 'adf-duplex': 'Feeder' };
const modes: Record<ColorMode, string> = { color: 'RGB24', gray: 'Grayscale8', bw: 'BlackAndWhite1' };

/** A4 in 1/300 inch: the page size of Vietnamese administrative documents. */
export const A4_AREA = { width: 2480, height: 3508 };

/** The ScanSettings body of a ScanJobs POST (eSCL 2.0), for a whole-page document scan. */
export function buildEsclScanSettings(request: EsclJobRequest): string {
  const duplex = request.source === 'adf-duplex' ? '\n  <scan:Duplex>true</scan:Duplex>' : request.source === 'adf' ? '\n  <scan:Duplex>false</scan:Duplex>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.0</pwg:Version>
  <scan:Intent>Document</scan:Intent>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset>
      <pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>${Math.round(request.width)}</pwg:Width>
      <pwg:Height>${Math.round(request.height)}</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>${inputSources[request.source]}</pwg:InputSource>
  <scan:ColorMode>${modes[request.colorMode]}</scan:ColorMode>
  <pwg:DocumentFormat>${request.format}</pwg:DocumentFormat>
  <scan:DocumentFormatExt>${request.format}</scan:DocumentFormatExt>
  <scan:XResolution>${request.dpi}</scan:XResolution>
  <scan:YResolution>${request.dpi}</scan:YResolution>${duplex}
</scan:ScanSettings>
`;
}
