import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './support/launchChromium';
import { layoutProblems, type LayoutProblem } from './support/measureLayout';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
});

afterAll(async () => {
  await browser?.close();
});

/** Lays out the given body in Chromium and returns what the measurer says, as kind + selector. */
async function measure(body: string, options = {}): Promise<Array<Pick<LayoutProblem, 'kind' | 'selector' | 'text'>>> {
  await page.setContent(`<!doctype html><html><head><style>
    body { margin: 0; font: 15px sans-serif; }
    .hidden-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    @media screen { .sideways { overflow-x: auto; } }
    .tall-pane { overflow-y: auto; height: 40px; width: 200px; }
  </style></head><body>${body}</body></html>`);
  return (await layoutProblems(page, options)).map(({ kind, selector, text }) => ({ kind, selector, text }));
}

describe('the page-side layout measurer', () => {
  it('reports nothing on a page where everything fits', async () => {
    expect(
      await measure(`
        <nav><button>Tiếp nhận</button></nav>
        <div style="width: 300px">Một đoạn chữ ngắn</div>
        <div id="scroller" style="width: 200px; overflow: auto"><div style="width: 900px">Bảng rộng, cuộn ngang là chủ ý</div></div>
        <div class="sideways" style="width: 200px"><div style="width: 600px">Dải ảnh cuộn ngang, khai báo trong bảng kiểu</div></div>
        <span class="hidden-text">Chữ chỉ dành cho trình đọc màn hình, dài hơn hộp của nó rất nhiều</span>
        <div style="width: 100px"><div style="width: 100.4px">lệch dưới một điểm ảnh</div></div>
        <select style="width: 200px"><option>Ngắn</option></select>
        <input style="width: 300px" placeholder="Tìm thủ tục">`),
    ).toEqual([]);
  });

  it('names each deliberately overflowing element with its text', async () => {
    const found = await measure(`
      <div id="narrow" style="width: 100px; white-space: nowrap">Nguyễn Văn An — họ tên rất dài không xuống dòng</div>
      <span data-testid="ellipsis" style="display: block; width: 60px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap">Danh mục thủ tục</span>
      <div id="clipper" style="position: relative; width: 100px; height: 40px; overflow: hidden"><div id="clipped" style="position: absolute; left: 80px; width: 60px">Cắt</div></div>
      <nav style="width: 90px"><button id="nav-long">Tổng hợp trong ngày</button></nav>
      <select id="device" style="width: 90px"><option>Máy quét mẫu (chế độ đào tạo)</option></select>
      <input id="search" style="width: 80px" placeholder="Tìm thủ tục theo tên hoặc mã…">
      <svg width="60" height="20"><text id="label" x="10" y="15">Được tiếp nhận</text></svg>
      <div id="wide" style="margin-left: 700px; width: 200px">ra ngoài cửa sổ</div>
      <div id="pane" style="overflow-y: auto; height: 40px; width: 200px"><div style="width: 400px">Ô cuộn dọc bị đẩy cuộn ngang</div></div>
      <div id="pane-rule" class="tall-pane"><div style="width: 400px">Khung cuộn dọc trong bảng kiểu</div></div>`);
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'overflow', selector: 'div#narrow', text: 'Nguyễn Văn An — họ tên rất dài không xuống dòng' },
        { kind: 'overflow', selector: 'span[data-testid="ellipsis"]', text: 'Danh mục thủ tục' },
        { kind: 'clipped', selector: 'div#clipped', text: 'Cắt' },
        { kind: 'nav-wrap', selector: 'button#nav-long', text: 'Tổng hợp trong ngày' },
        { kind: 'cut-text', selector: 'select#device', text: 'Máy quét mẫu (chế độ đào tạo)' },
        { kind: 'cut-text', selector: 'input#search', text: 'Tìm thủ tục theo tên hoặc mã…' },
        { kind: 'clipped', selector: 'text#label', text: 'Được tiếp nhận' },
        { kind: 'outside-viewport', selector: 'div#wide', text: 'ra ngoài cửa sổ' },
        // Only overflow-y is declared (overflow-x computes to auto with it): sideways scrolling is a fault.
        { kind: 'overflow', selector: 'div#pane', text: 'Ô cuộn dọc bị đẩy cuộn ngang' },
        { kind: 'overflow', selector: 'div#pane-rule.tall-pane', text: 'Khung cuộn dọc trong bảng kiểu' },
        { kind: 'overflow', selector: 'html', text: '' },
      ]),
    );
    // The body only repeats its children's overflow; the innermost element is the one named.
    expect(found.filter((problem) => problem.selector === 'body' || problem.selector.startsWith('div#clipper'))).toEqual([]);
    expect(found).toHaveLength(11);
  });

  it('checks only inside the given scope', async () => {
    const body = `
      <aside><nav style="width: 90px"><button>Tổng hợp trong ngày</button></nav></aside>
      <main><div id="narrow" style="width: 100px; white-space: nowrap">Một dòng quá dài cho hộp này</div></main>`;
    expect((await measure(body, { scope: 'aside' })).map((problem) => problem.kind)).toEqual(['nav-wrap']);
    expect((await measure(body, { scope: 'main' })).map((problem) => problem.selector)).toEqual(['div#narrow']);
  });
});
