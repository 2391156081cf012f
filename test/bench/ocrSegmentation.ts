/**
 * Measures page segmentation on generated official pages: PSM 3 (automatic layout), PSM 6 (single
 * block) and our fallback policy, by character error rate against the ground truth.
 * Run: npx tsx test/bench/ocrSegmentation.ts
 */
import { launchChromium } from '../e2e/support/launchChromium';
import { renderStandardPages } from '../support/ocr/standardPageSet';
import { characterErrorRate } from '../support/ocr/characterErrorRate';
import { createNodeOcrEngine } from '../../main/ocr/createNodeOcrEngine';
import type { SegmentationPolicy } from '../../preload/shared/ocr/chooseSegmentation';

async function main(): Promise<void> {
  const browser = await launchChromium();
  const pages = await renderStandardPages(browser);
  await browser.close();
  const engine = await createNodeOcrEngine();
  const policies: SegmentationPolicy[] = ['auto', 'block', 'fallback'];
  const totals: Record<string, number> = { auto: 0, block: 0, fallback: 0 };
  console.log(['page', ...policies.map((p) => `CER ${p}`), 'fallback used'].join(' | '));
  for (const page of pages) {
    const row: string[] = [page.label];
    let used = '';
    for (const policy of policies) {
      const result = await engine.recognizer.recognize(page.bytes, Buffer.from(page.bytes), { policy, dpi: page.dpi });
      const cer = characterErrorRate(page.text, result.text);
      totals[policy]! += cer;
      row.push(cer.toFixed(4));
      if (policy === 'fallback') used = `psm ${result.segmentation}`;
      if (process.env.SHOW_TEXT) console.log(`--- ${page.label} ${policy}\n${result.text}`);
    }
    row.push(used);
    console.log(row.join(' | '));
  }
  console.log(['mean', ...policies.map((p) => (totals[p]! / pages.length).toFixed(4)), ''].join(' | '));
  await engine.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
