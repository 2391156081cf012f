import type { Browser } from 'playwright';
import type { RgbaPixels } from '../../support/image/decodePngPixels';

/**
 * Decodes an image (JPEG, PNG, WebP…) with Chromium's own decoders in a blank page of its own, to
 * 8-bit RGBA: no colour-space conversion and no premultiplied alpha, so the samples are the file's.
 * For formats the tests have no decoder of their own for (WebP): what a browser sees in the file.
 */
export async function decodeImageInChromium(browser: Browser, bytes: Uint8Array, mime: string): Promise<RgbaPixels> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const decoded = await page.evaluate(
      async ({ base64, type }) => {
        const binary = atob(base64);
        const data = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i += 1) data[i] = binary.charCodeAt(i);
        const bitmap = await createImageBitmap(new Blob([data], { type }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context2d = canvas.getContext('2d', { willReadFrequently: true })!;
        context2d.drawImage(bitmap, 0, 0);
        const pixels = new Uint8Array(context2d.getImageData(0, 0, bitmap.width, bitmap.height).data.buffer);
        let text = '';
        for (let i = 0; i < pixels.length; i += 0x8000) text += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
        return { width: bitmap.width, height: bitmap.height, rgba: btoa(text) };
      },
      { base64: Buffer.from(bytes).toString('base64'), type: mime },
    );
    return { width: decoded.width, height: decoded.height, rgba: new Uint8Array(Buffer.from(decoded.rgba, 'base64')) };
  } finally {
    await context.close();
  }
}
