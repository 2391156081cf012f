/// <reference lib="webworker" />
import { checkPage, type PageChecks } from '../../preload/shared/domain/scan/checkPage';
import { pageCheckWorkerContract } from './pageCheckWorkerContract';
import { serveWorker } from './protocol/serveWorker';

/** Pages are checked at this width: enough for blank and skew, cheap for a 200-page stack. */
const CHECK_WIDTH = 600;

async function check(image: Blob, dpi: number | undefined): Promise<PageChecks> {
  const bitmap = await createImageBitmap(image);
  const scale = Math.min(1, CHECK_WIDTH / bitmap.width);
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i += 1) grey[i] = (rgba[i * 4]! * 77 + rgba[i * 4 + 1]! * 150 + rgba[i * 4 + 2]! * 29) >> 8;
  return checkPage({ grey, width, height }, dpi);
}

async function deskew(image: Blob, degrees: number): Promise<Blob> {
  const bitmap = await createImageBitmap(image);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, bitmap.width, bitmap.height);
  context.translate(bitmap.width / 2, bitmap.height / 2);
  context.rotate((-degrees * Math.PI) / 180);
  context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  bitmap.close();
  return canvas.convertToBlob(image.type === 'image/jpeg' ? { type: 'image/jpeg', quality: 0.92 } : { type: 'image/png' });
}

serveWorker(pageCheckWorkerContract, {
  check: ({ image, dpi }) => check(image, dpi),
  deskew: ({ image, degrees }) => deskew(image, degrees),
});
