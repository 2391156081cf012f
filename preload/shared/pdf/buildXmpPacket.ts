/** Dossier facts written into every component PDF (document info and XMP carry the same values). */
export interface DossierPdfMetadata {
  /** Official dossier code, e.g. `000.00.16.H27-261124-0001`; absent before the dossier is sealed. */
  dossierCode?: string;
  /** Name of the dossier component (giấy tờ), e.g. "Tờ khai". */
  component: string;
  procedureCode?: string;
  agency?: string;
  /** Lowest resolution among the pages, in dpi. */
  scanDpi: number;
  pageCount: number;
  title: string;
  author?: string;
  producer: string;
  createdAt: Date;
  /** BCP 47 language of the text, `vi-VN` by default. */
  language: string;
}

export const DOSSIER_XMP_NAMESPACE = 'http://motcuadesk.vn/ns/hoso/1.0/';

const DOSSIER_PROPERTIES: Array<{ name: string; type: 'Text' | 'Integer'; description: string }> = [
  { name: 'DossierCode', type: 'Text', description: 'Dossier code (ma ho so)' },
  { name: 'Component', type: 'Text', description: 'Dossier component name' },
  { name: 'ProcedureCode', type: 'Text', description: 'Administrative procedure code' },
  { name: 'Agency', type: 'Text', description: 'Receiving agency' },
  { name: 'ScanDpi', type: 'Integer', description: 'Lowest scan resolution in dpi' },
  { name: 'PageCount', type: 'Integer', description: 'Number of pages' },
];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** ISO 8601 in UTC without milliseconds, the same instant the info dictionary states. */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Keywords string shared by the info dictionary and `pdf:Keywords`. */
export function dossierKeywords(meta: DossierPdfMetadata): string {
  return [meta.dossierCode, meta.procedureCode, meta.component].filter(Boolean).join('; ');
}

/**
 * The XMP packet of a component PDF: PDF/A-2b identification, Dublin Core title/creator, dates and
 * producer matching the info dictionary, and the dossier fields in our own namespace, declared with
 * a PDF/A extension schema so validators accept them.
 */
export function buildXmpPacket(meta: DossierPdfMetadata): string {
  const created = xmpDate(meta.createdAt);
  const dossierValues: Record<string, string | number | undefined> = {
    DossierCode: meta.dossierCode,
    Component: meta.component,
    ProcedureCode: meta.procedureCode,
    Agency: meta.agency,
    ScanDpi: meta.scanDpi,
    PageCount: meta.pageCount,
  };
  const dossierXml = Object.entries(dossierValues)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `      <hoso:${key}>${escapeXml(String(value))}</hoso:${key}>`)
    .join('\n');
  const propertiesXml = DOSSIER_PROPERTIES.map(
    (p) =>
      `                <rdf:li rdf:parseType="Resource"><pdfaProperty:name>${p.name}</pdfaProperty:name><pdfaProperty:valueType>${p.type}</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${p.description}</pdfaProperty:description></rdf:li>`,
  ).join('\n');
  const creator = meta.author ? `      <dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>\n` : '';
  const keywords = dossierKeywords(meta);
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:hoso="${DOSSIER_XMP_NAMESPACE}"
        xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
        xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
        xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
      <pdfaid:part>2</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>
${creator}      <dc:language><rdf:Bag><rdf:li>${escapeXml(meta.language)}</rdf:li></rdf:Bag></dc:language>
      <xmp:CreateDate>${created}</xmp:CreateDate>
      <xmp:ModifyDate>${created}</xmp:ModifyDate>
      <xmp:MetadataDate>${created}</xmp:MetadataDate>
      <xmp:CreatorTool>${escapeXml(meta.producer)}</xmp:CreatorTool>
      <pdf:Producer>${escapeXml(meta.producer)}</pdf:Producer>
${keywords ? `      <pdf:Keywords>${escapeXml(keywords)}</pdf:Keywords>\n` : ''}${dossierXml}
      <pdfaExtension:schemas>
        <rdf:Bag>
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Mot Cua Desk dossier</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>${DOSSIER_XMP_NAMESPACE}</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>hoso</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>
${propertiesXml}
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>
        </rdf:Bag>
      </pdfaExtension:schemas>
    </rdf:Description>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
