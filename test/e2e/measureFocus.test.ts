import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './support/launchChromium';
import { focusProblems } from './support/measureFocus';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
});

afterAll(async () => {
  await browser?.close();
});

/** Lays out the given body in Chromium, tabs through it and returns what the measurer says, as kind + text. */
async function walk(css: string, body: string): Promise<Array<{ kind: string; text: string }>> {
  await page.setContent(`<!doctype html><html><head><style>
    body { margin: 0; padding: 20px; font: 15px sans-serif; background: #fff; }
    .hidden-input { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    :focus-visible { outline: 3px solid #1d3f72; outline-offset: 2px; }
    ${css}
  </style></head><body>${body}</body></html>`);
  return (await focusProblems(page)).map(({ kind, text }) => ({ kind, text }));
}

describe('the keyboard focus measurer', () => {
  it('finds nothing wrong with dark rings, the browser’s own ring, a box shadow or a label that shows its hidden input', async () => {
    expect(
      await walk(
        `.native:focus-visible { outline: auto; }
         .shadow:focus-visible { outline: none; box-shadow: 0 0 0 3px #1d3f72; }
         label:focus-within { outline: 3px solid #1d3f72; }
         .red { background: #b3261e; padding: 10px; }
         .red :focus-visible { outline-color: #ffd54f; }
         .inset { overflow: hidden; width: 200px; }
         .inset button { width: 100%; outline-offset: -3px; }`,
        `<button>Lưu hồ sơ</button>
         <button class="native">Mặc định</button>
         <button class="shadow">Bóng đổ</button>
         <label>Thêm trang từ tệp ảnh <input class="hidden-input" type="file"></label>
         <div class="red"><button>Tiếp nhận hồ sơ</button></div>
         <div class="inset"><button>Viền vẽ bên trong</button></div>`,
      ),
    ).toEqual([]);
  });

  it('judges a ring where focus scrolling leaves the control: cut at a scroller’s edge, whole with a scroll-padding', async () => {
    // The button is in view, 2 px above the bottom edge, so focusing it scrolls only if the padding asks for room.
    const scroller = (padding: string) => `
      <div style="overflow-y: auto; height: 120px; width: 300px; ${padding}">
        <div style="height: 88px"></div><button style="display: block; height: 30px; margin-left: 20px">Ở cuối vùng cuộn</button><div style="height: 300px"></div>
      </div>`;
    expect(await walk('', scroller(''))).toEqual([{ kind: 'indicator-clipped', text: 'Ở cuối vùng cuộn' }]);
    expect(await walk('', scroller('scroll-padding-block: 12px'))).toEqual([]);
  });

  it('names each control whose focus cannot be seen: none at all, a pale ring on white, a ring its box cuts off', async () => {
    const found = await walk(
      `.bare:focus { outline: none; }
       .pale:focus-visible { outline-color: #ffbf47; }
       .thin:focus-visible { outline-width: 1px; }
       .clip { overflow: hidden; width: 200px; }
       .clip button { width: 100%; }
       .list { overflow: auto; max-height: 60px; width: 200px; }
       .list button { display: block; width: 100%; height: 40px; }`,
      `<button class="bare">Không viền</button>
       <button class="thin">Viền mảnh</button>
       <button class="pale">Viền vàng nhạt</button>
       <div class="clip"><button>Bị cắt</button></div>
       <div class="list"><button>Thủ tục 1</button><button>Thủ tục 2</button></div>`,
    );
    expect(found).toEqual([
      { kind: 'no-indicator', text: 'Không viền' },
      { kind: 'no-indicator', text: 'Viền mảnh' },
      { kind: 'low-contrast', text: 'Viền vàng nhạt' },
      { kind: 'indicator-clipped', text: 'Bị cắt' },
      // A list that scrolls only downwards: its sides cut the ring, whatever the scroll position.
      { kind: 'indicator-clipped', text: 'Thủ tục 1' },
      { kind: 'indicator-clipped', text: 'Thủ tục 2' },
    ]);
  });
});
