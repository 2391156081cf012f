import regularUrl from '../../../assets/fonts/NotoSerif-Regular.ttf?url';
import boldUrl from '../../../assets/fonts/NotoSerif-Bold.ttf?url';
import italicUrl from '../../../assets/fonts/NotoSerif-Italic.ttf?url';
import type { FormFonts } from '../../../preload/shared/domain/forms/formWriter';

let fonts: Promise<FormFonts> | undefined;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Không tải được phông chữ cho biểu mẫu (${response.status} ${url}).`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The embedded form fonts, fetched once from the app's own assets (works offline). */
export function loadFormFonts(): Promise<FormFonts> {
  fonts ??= Promise.all([fetchBytes(regularUrl), fetchBytes(boldUrl), fetchBytes(italicUrl)])
    .then(([regular, bold, italic]) => ({ regular, bold, italic }))
    .catch((error: unknown) => {
      fonts = undefined;
      throw error;
    });
  return fonts;
}
