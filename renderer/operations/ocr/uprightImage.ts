/**
 * The page image turned by its stored clockwise rotation, as a PNG, so OCR reads the text upright
 * (the engine does not recognise sideways or upside-down text). Works in windows and workers.
 */
export async function uprightImage(image: Blob, rotation: 90 | 180 | 270): Promise<{ blob: Blob; bytes: Uint8Array }> {
  const bitmap = await createImageBitmap(image);
  try {
    const sideways = rotation !== 180;
    const canvas = new OffscreenCanvas(sideways ? bitmap.height : bitmap.width, sideways ? bitmap.width : bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
    context.translate(canvas.width / 2, canvas.height / 2);
    context.rotate((rotation * Math.PI) / 180);
    context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return { blob, bytes: new Uint8Array(await blob.arrayBuffer()) };
  } finally {
    bitmap.close();
  }
}
