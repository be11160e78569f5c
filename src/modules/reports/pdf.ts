// A report as an A4 PDF: pdfkit with Noto Sans SC embedded as a subset (the poster fonts), the ECharts SVGs drawn
// as vectors by svg-to-pdfkit, a header (report, org unit, period) and a footer (generated time, page n of m) on
// every page. Pages are buffered so the footer can name the page count.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { posterFonts } from '../sites/fonts.ts';
import type { Block, Figure, ReportDoc, Table, TableCell } from './doc.ts';
import { isChange } from './doc.ts';
import { changeText, chinaMinute, num, pct, word } from './text.ts';

type Doc = InstanceType<typeof PDFDocument>;

const PAGE = { w: 595.28, h: 841.89 };
const M = { left: 40, right: 40, top: 64, bottom: 54 };
const W = PAGE.w - M.left - M.right;
const BOTTOM = PAGE.h - M.bottom;
const INK = '#1f2329';
const MUTED = '#646a73';
const ACCENT = '#3b6fd8';
const RULE = '#dee0e3';
const HEAD_FILL = '#eef1f6';
const ZEBRA = '#f7f8fa';

/** Starts a new page unless `height` more points fit on this one. */
function ensure(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    doc.y = M.top;
  }
}

/** `text` cut to `width` at the current font and size, with an ellipsis when cut. */
function clip(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** One line at (x, y), never wrapped and never starting a page (header, footer, table cells). */
function line(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
  doc.text(clip(doc, text, width), x, y, { width, align, lineBreak: false });
}

function titleBlock(doc: Doc, r: ReportDoc): void {
  doc.font('cjkBold').fontSize(22).fillColor(INK);
  line(doc, r.title, M.left, M.top, W);
  doc.font('cjkBold').fontSize(14).fillColor(ACCENT);
  line(doc, r.orgName, M.left, M.top + 34, W);
  doc.font('cjk').fontSize(9.5).fillColor(MUTED);
  let y = M.top + 58;
  for (const l of [...r.periodLines, `${word(r.lang, 'generated')}: ${chinaMinute(r.generatedAt)}`]) {
    line(doc, l, M.left, y, W);
    y += 14;
  }
  doc.y = y + 8;
}

function heading(doc: Doc, text: string): void {
  // A heading is never the last thing on a page.
  ensure(doc, 90);
  const y = doc.y + 8;
  doc.rect(M.left, y + 1, 3, 14).fill(ACCENT);
  doc.font('cjkBold').fontSize(13).fillColor(INK);
  line(doc, text, M.left + 9, y, W - 9);
  doc.y = y + 24;
}

function figures(doc: Doc, items: Figure[]): void {
  const perRow = 4;
  const gap = 8;
  const w = (W - gap * (perRow - 1)) / perRow;
  const h = 56;
  for (let i = 0; i < items.length; i += perRow) {
    ensure(doc, h + gap);
    const y = doc.y;
    items.slice(i, i + perRow).forEach((f, j) => {
      const x = M.left + j * (w + gap);
      doc.roundedRect(x, y, w, h, 4).fillAndStroke(ZEBRA, RULE);
      doc.font('cjk').fontSize(8.5).fillColor(MUTED);
      line(doc, f.label, x + 8, y + 6, w - 16);
      doc.font('cjkBold').fontSize(17).fillColor(INK);
      line(doc, num(f.value), x + 8, y + 19, w - 16);
      if (f.change) {
        doc.font('cjk').fontSize(8).fillColor(MUTED);
        line(doc, changeText(f.change), x + 8, y + 41, w - 16);
      }
    });
    doc.y = y + h + gap;
  }
}

function sentences(doc: Doc, items: string[]): void {
  doc.font('cjk').fontSize(10.5).fillColor(INK);
  for (const s of items) {
    const h = doc.heightOfString(s, { width: W - 14 });
    ensure(doc, h + 4);
    const y = doc.y;
    doc.circle(M.left + 4, y + 7, 1.8).fill(ACCENT);
    doc.fillColor(INK).text(s, M.left + 14, y, { width: W - 14 });
    doc.y = y + h + 4;
  }
  doc.y += 4;
}

function note(doc: Doc, text: string): void {
  doc.font('cjk').fontSize(9.5).fillColor(MUTED);
  const h = doc.heightOfString(text, { width: W });
  ensure(doc, h + 6);
  const y = doc.y;
  doc.text(text, M.left, y, { width: W });
  doc.y = y + h + 6;
}

function caption(doc: Doc, text: string): void {
  doc.font('cjkBold').fontSize(9.5).fillColor(INK);
  line(doc, text, M.left, doc.y, W);
  doc.y += 15;
}

function chart(doc: Doc, title: string | null, svg: { svg: string; width: number; height: number }): void {
  // SVG pixels are 0.75 pt; charts are drawn at the text width, so this scale is about 1.
  const scale = W / (svg.width * 0.75);
  const height = svg.height * 0.75 * scale;
  ensure(doc, height + 20);
  if (title) caption(doc, title);
  SVGtoPDF(doc, svg.svg, M.left, doc.y, {
    width: W,
    height,
    // Every family the chart names is drawn with the embedded CJK font: nothing falls back to a font without Chinese.
    fontCallback: (_family, bold) => (bold ? 'cjkBold' : 'cjk'),
    warningCallback: () => {},
  });
  doc.y += height + 10;
}

const cellText = (c: TableCell, kind: string): string => {
  if (c === null || c === undefined) return '';
  if (isChange(c)) return num(c.value);
  if (typeof c === 'number') return kind === 'share' ? pct(c) : Number.isInteger(c) ? num(c) : c.toFixed(1);
  return c;
};

function table(doc: Doc, t: Table, captioned: boolean): void {
  const cols = t.columns.map((c, i) => ({ ...c, i })).filter((c) => !c.xlsxOnly);
  const sum = cols.reduce((s, c) => s + c.weight, 0);
  const widths = cols.map((c) => (c.weight / sum) * W);
  const rowH = cols.some((c) => c.kind === 'change') ? 24 : 16;
  const headH = 27;
  const pad = 4;
  const rows = t.pdfLimit ? t.rows.slice(0, t.pdfLimit) : t.rows;

  const header = () => {
    const y = doc.y;
    doc.rect(M.left, y, W, headH).fill(HEAD_FILL);
    doc.font('cjkBold').fontSize(7.5).fillColor(INK);
    let x = M.left;
    cols.forEach((c, j) => {
      // Headers may take two lines (longer ones are cut), centred in the band.
      const opts = { width: widths[j] - 2 * pad, height: headH - 4, align: c.kind === 'text' ? 'left' : 'right', ellipsis: true, lineGap: -1 } as const;
      const h = Math.min(headH - 4, doc.heightOfString(c.label, opts));
      doc.text(c.label, x + pad, y + (headH - h) / 2, opts);
      x += widths[j];
    });
    doc.y = y + headH;
  };
  const row = (cells: TableCell[], shade: boolean, bold: boolean) => {
    if (doc.y + rowH > BOTTOM) {
      doc.addPage();
      doc.y = M.top;
      header();
    }
    const y = doc.y;
    if (shade) doc.rect(M.left, y, W, rowH).fill(ZEBRA);
    if (bold) doc.moveTo(M.left, y).lineTo(M.left + W, y).lineWidth(0.8).stroke(INK);
    let x = M.left;
    cols.forEach((c, j) => {
      const cell = cells[c.i];
      const w = widths[j] - 2 * pad;
      const align = c.kind === 'text' ? 'left' : 'right';
      doc.font(bold ? 'cjkBold' : 'cjk').fontSize(8.5).fillColor(INK);
      line(doc, cellText(cell, c.kind), x + pad, y + (rowH === 24 && isChange(cell) ? 3 : (rowH - 10) / 2), w, align);
      if (isChange(cell)) {
        doc.font('cjk').fontSize(6.5).fillColor(MUTED);
        line(doc, changeText(cell), x + pad, y + 14, w, align);
      }
      x += widths[j];
    });
    doc.y = y + rowH;
  };

  const need = 16 + headH + rowH * Math.min(3, rows.length + 1);
  // On a page of its own, away from its heading, a table names itself.
  const onNewPage = doc.y + need > BOTTOM;
  ensure(doc, need);
  if (captioned || onNewPage) caption(doc, t.title);
  header();
  rows.forEach((r, k) => row(r, k % 2 === 1, false));
  if (t.total) row(t.total, false, true);
  doc.moveTo(M.left, doc.y).lineTo(M.left + W, doc.y).lineWidth(0.5).stroke(RULE);
  doc.y += 12;
}

/** `section`: the text of the last heading; a caption repeating it is left out. */
function block(doc: Doc, b: Block, section: string): void {
  if (b.type === 'heading') heading(doc, b.text);
  else if (b.type === 'figures') figures(doc, b.items);
  else if (b.type === 'sentences') sentences(doc, b.items);
  else if (b.type === 'chart') chart(doc, b.title === section ? null : b.title, b.chart);
  else if (b.type === 'note') note(doc, b.text);
  else if (b.table.inPdf) table(doc, b.table, b.table.title !== section);
}

/** Header and footer on every page, drawn once the page count is known. */
function decorate(doc: Doc, r: ReportDoc): void {
  const { start, count } = doc.bufferedPageRange();
  const period = r.periodLines[0] ?? '';
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // pdfkit starts a new page for text below the bottom margin, even unwrapped: the footer sits in the margin.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('cjk').fontSize(8).fillColor(MUTED);
    line(doc, `${r.title} · ${r.orgName}`, M.left, 30, W * 0.6);
    line(doc, period, M.left + W * 0.6, 30, W * 0.4, 'right');
    doc.moveTo(M.left, 44).lineTo(M.left + W, 44).lineWidth(0.5).stroke(RULE);
    line(doc, `${word(r.lang, 'generated')}: ${chinaMinute(r.generatedAt)}`, M.left, PAGE.h - 36, W / 2);
    line(doc, word(r.lang, 'page', { n: i - start + 1, total: count }), M.left + W / 2, PAGE.h - 36, W / 2, 'right');
    doc.page.margins.bottom = bottom;
  }
}

export function renderPdf(r: ReportDoc): Promise<Buffer> {
  const fonts = posterFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: M,
    bufferPages: true,
    // The figures' time as the creation date: the same figures give the same file.
    info: { Title: `${r.title} ${r.orgName} ${r.periodLines[0] ?? ''}`, Creator: 'TraceGrid', CreationDate: new Date(r.generatedAt) },
    lang: r.lang === 'zh' ? 'zh-CN' : 'en',
  });
  doc.registerFont('cjk', fonts.cjk);
  doc.registerFont('cjkBold', fonts.cjkBold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  titleBlock(doc, r);
  let section = '';
  for (const b of r.blocks) {
    if (b.type === 'heading') section = b.text;
    block(doc, b, section);
  }
  decorate(doc, r);
  doc.end();
  return done;
}
