import { scanFailure } from './scanFailure';
import { child, children, isNode, readEsclXml, textOf, textsOf, uintOf, type EsclNode } from './readEsclXml';
import type { ColorMode, ScanSource } from './ScannerDriver';

/** What one input source (platen, feeder, duplex feeder) of an eSCL scanner offers. */
export interface EsclSourceCapabilities {
  colorModes: ColorMode[];
  /** MIME types the scanner can send for this source. */
  formats: string[];
  /** Square resolutions, ascending. */
  resolutions: number[];
  /** Scan area limits in 1/300 inch, as eSCL counts them. */
  maxWidth: number;
  maxHeight: number;
}

export interface EsclCapabilities {
  makeAndModel: string;
  uuid?: string;
  sources: Partial<Record<ScanSource, EsclSourceCapabilities>>;
}

const colorModes: Record<string, ColorMode> = { RGB24: 'color', RGB48: 'color', Grayscale8: 'gray', Grayscale16: 'gray', BlackAndWhite1: 'bw' };
/** Resolutions offered when a device gives a range instead of a list. */
const rangeSteps = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

function parseResolutions(profile: EsclNode | undefined): number[] {
  const supported = child(profile, 'SupportedResolutions');
  const out = new Set<number>();
  for (const discrete of children(child(supported, 'DiscreteResolutions'), 'DiscreteResolution')) {
    const x = uintOf(discrete, 'XResolution');
    const y = uintOf(discrete, 'YResolution');
    if (x && y && x === y) out.add(x);
  }
  if (out.size === 0) {
    const range = child(supported, 'ResolutionRange');
    const x = child(range, 'XResolution');
    const min = uintOf(x, 'Min');
    const max = uintOf(x, 'Max');
    if (min !== undefined && max !== undefined && min <= max) {
      for (const dpi of rangeSteps) if (dpi >= min && dpi <= max) out.add(dpi);
      if (out.size === 0 && max > 0) out.add(max);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function parseSource(caps: EsclNode | undefined, name: string): EsclSourceCapabilities | undefined {
  if (!caps) return undefined;
  const modes = new Set<ColorMode>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  for (const profile of children(child(caps, 'SettingProfiles'), 'SettingProfile')) {
    const node = isNode(profile) ? profile : undefined;
    for (const mode of textsOf(child(node, 'ColorModes'), 'ColorMode')) {
      const known = Object.hasOwn(colorModes, mode) ? colorModes[mode] : undefined;
      if (known) modes.add(known);
    }
    const documentFormats = child(node, 'DocumentFormats');
    for (const format of [...textsOf(documentFormats, 'DocumentFormat'), ...textsOf(documentFormats, 'DocumentFormatExt')]) formats.add(format.toLowerCase());
    for (const dpi of parseResolutions(node)) resolutions.add(dpi);
  }
  if (modes.size === 0) throw scanFailure('bad-response', `ScannerCapabilities: ${name} lists no colour mode`);
  if (resolutions.size === 0) throw scanFailure('bad-response', `ScannerCapabilities: ${name} lists no resolution`);
  const order: ColorMode[] = ['color', 'gray', 'bw'];
  return {
    colorModes: order.filter((mode) => modes.has(mode)),
    formats: [...formats],
    resolutions: [...resolutions].sort((a, b) => a - b),
    maxWidth: uintOf(caps, 'MaxWidth') ?? 2550,
    maxHeight: uintOf(caps, 'MaxHeight') ?? 3508,
  };
}

/**
 * Reads an eSCL ScannerCapabilities document: the sources (platen, feeder, duplex feeder), and for
 * each its colour modes, document formats, resolutions and scan area. A document that is not
 * well-formed, or that offers no usable source, is a typed `bad-response` failure.
 */
export function parseEsclCapabilities(xml: string): EsclCapabilities {
  const root = readEsclXml(xml, 'ScannerCapabilities', 'ScannerCapabilities');
  const sources: EsclCapabilities['sources'] = {};
  const platen = parseSource(child(child(root, 'Platen'), 'PlatenInputCaps'), 'Platen');
  if (platen) sources.platen = platen;
  const adf = child(root, 'Adf');
  const simplex = parseSource(child(adf, 'AdfSimplexInputCaps'), 'AdfSimplexInputCaps');
  if (simplex) sources.adf = simplex;
  const duplex = parseSource(child(adf, 'AdfDuplexInputCaps'), 'AdfDuplexInputCaps');
  const duplexOption = textsOf(child(adf, 'AdfOptions'), 'AdfOption').includes('Duplex');
  if (duplex) sources['adf-duplex'] = duplex;
  else if (simplex && duplexOption) sources['adf-duplex'] = simplex;
  if (Object.keys(sources).length === 0) throw scanFailure('bad-response', 'ScannerCapabilities: neither platen nor feeder described');
  const uuid = textOf(root, 'UUID');
  return { makeAndModel: textOf(root, 'MakeAndModel')?.trim() || 'eSCL scanner', ...(uuid ? { uuid } : {}), sources };
}
