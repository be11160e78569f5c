// Printable A4 posters: site name, kind and org unit, the QR code large in the middle, short instructions in
// Chinese, English and Mongolian (traditional script). Fonts ship in npm packages and are embedded as subsets,
// so a poster prints the same anywhere and nothing is downloaded at run time.
import PDFDocument from 'pdfkit';
import { posterFonts } from './fonts.ts';
import { qrMatrix } from './qr.ts';
import type { SiteKind } from './service.ts';

const KIND_LABEL: Record<SiteKind, { zh: string; en: string }> = {
  checkpoint: { zh: '卡口登记点', en: 'Road checkpoint' },
  community: { zh: '小区出入登记点', en: 'Residential compound gate' },
  floating: { zh: '流动人口登记点', en: 'Arrival registration (floating population)' },
  station: { zh: '检测站', en: 'Screening station' },
};

const TEXT = {
  zhMain: '请用手机扫码登记',
  zhSub: '无需下载应用，无需注册账号。进出请出示登记后的通行码。',
  enMain: 'Scan with your phone camera to register',
  enSub: 'No app or account needed. Show the pass you receive to the officer.',
  privacy: '个人信息加密保存，仅用于疫情防控，按规定期限删除。Your details are encrypted, used only for epidemic control, and deleted on schedule.',
  // Traditional Mongolian, one column each: "Have your phone read the QR code and register." /
  // "Personal information is kept confidential." (U+202F before case suffixes, U+180E before a final -a.)
  mongolian: [
    'ᠭᠠᠷ ᠤᠲᠠᠰᠤ\u202fᠪᠠᠷ\u202fᠢᠶᠠᠨ ᠬᠣᠶᠠᠷ ᠬᠡᠮᠵᠢᠶᠡᠰᠲᠦ ᠺᠣᠳ\u202fᠢ ᠤᠩᠰᠢᠭᠤᠯᠵᠤ ᠪᠦᠷᠢᠳᠬᠡᠭᠦᠯᠦᠭᠡᠷᠡᠢ',
    'ᠬᠤᠪᠢ ᠬᠥᠮᠦᠨ\u202fᠦ ᠮᠡᠳᠡᠭᠡ\u202fᠶᠢ ᠨᠢᠭᠤᠴᠠᠯᠠᠨ ᠬᠠᠳᠠᠭᠠᠯᠠᠨ\u180eᠠ',
  ],
};

export interface PosterSite {
  code: string;
  name: string;
  kind: SiteKind;
  orgName: string;
  url: string;
  expiresAt: number;
}

const A4 = { w: 595.28, h: 841.89 };
const MARGIN = 40;
const QR_SIZE = 300;
const QR_TOP = 200;

type Doc = InstanceType<typeof PDFDocument>;

/** Largest size from `max` down to `min` at which `text` fits `width` on one line. */
function fitSize(doc: Doc, text: string, width: number, max: number, min: number): number {
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}

function drawQr(doc: Doc, url: string, x: number, y: number, size: number): void {
  const m = qrMatrix(url);
  const cell = size / m.size;
  for (let r = 0; r < m.size; r++) {
    // Runs of dark modules become one rectangle: fewer path operations, no hairline gaps between cells.
    for (let c = 0; c < m.size; c++) {
      if (!m.dark(r, c)) continue;
      let end = c;
      while (end + 1 < m.size && m.dark(r, end + 1)) end++;
      doc.rect(x + c * cell, y + r * cell, (end - c + 1) * cell + 0.01, cell + 0.01);
      c = end;
    }
  }
  doc.fill('#000000');
}

/**
 * Traditional Mongolian is written in vertical columns, top to bottom, columns left to right. pdfkit lays text
 * out horizontally only (fontkit does shape the joining forms), so each column is a horizontal line turned 90°
 * clockwise, which is how Mongolian glyphs sit in a vertical column (checked against Chromium's HarfBuzz
 * rendering of the same text in `writing-mode: vertical-lr`).
 */
function drawMongolianColumns(doc: Doc, lines: string[], left: number, top: number, height: number): void {
  doc.font('mongolian');
  const size = Math.min(...lines.map((l) => fitSize(doc, l, height, 17, 9)));
  const colWidth = size * 1.9;
  lines.forEach((line, i) => {
    const x = left + (i + 1) * colWidth;
    doc.save().rotate(90, { origin: [x, top] });
    doc.fontSize(size).fillColor('#222222').text(line, x, top, { lineBreak: false });
    doc.restore();
  });
}

function drawPage(doc: Doc, site: PosterSite): void {
  const inner = A4.w - 2 * MARGIN;
  doc.lineWidth(1.5).strokeColor('#b22222').rect(MARGIN / 2, MARGIN / 2, A4.w - MARGIN, A4.h - MARGIN).stroke();

  doc.font('cjkBold').fillColor('#000000');
  const titleSize = fitSize(doc, site.name, inner, 34, 16);
  doc.fontSize(titleSize).text(site.name, MARGIN, 56, { width: inner, align: 'center', height: 96, ellipsis: true });
  const kind = KIND_LABEL[site.kind];
  doc.font('cjk').fontSize(16).fillColor('#b22222').text(`${kind.zh} · ${kind.en}`, MARGIN, 122, { width: inner, align: 'center' });
  doc.fontSize(13).fillColor('#444444').text(site.orgName, MARGIN, 148, { width: inner, align: 'center', height: 36, ellipsis: true });

  const qrX = (A4.w - QR_SIZE) / 2;
  drawQr(doc, site.url, qrX, QR_TOP, QR_SIZE);
  // Beside the QR and down past the Chinese heading: a column long enough for a readable size.
  drawMongolianColumns(doc, TEXT.mongolian, MARGIN - 4, QR_TOP, QR_SIZE + 110);

  let y = QR_TOP + QR_SIZE + 26;
  doc.font('cjkBold').fontSize(28).fillColor('#000000').text(TEXT.zhMain, MARGIN, y, { width: inner, align: 'center' });
  y += 44;
  doc.font('cjk').fontSize(13).fillColor('#222222').text(TEXT.zhSub, MARGIN, y, { width: inner, align: 'center' });
  y += 34;
  doc.font('cjkBold').fontSize(18).fillColor('#000000').text(TEXT.enMain, MARGIN, y, { width: inner, align: 'center' });
  y += 28;
  doc.font('cjk').fontSize(12).fillColor('#222222').text(TEXT.enSub, MARGIN, y, { width: inner, align: 'center' });

  const footTop = A4.h - MARGIN - 72;
  doc.font('cjk').fontSize(9).fillColor('#555555').text(TEXT.privacy, MARGIN, footTop, { width: inner, align: 'center' });
  const valid = new Date(site.expiresAt).toISOString().slice(0, 10);
  doc.font('cjkBold').fontSize(15).fillColor('#000000').text(`登记点代码 Site code: ${site.code}`, MARGIN, footTop + 30, { width: inner, align: 'center' });
  doc.font('cjk').fontSize(9).fillColor('#555555').text(`二维码有效期至 Valid until ${valid}`, MARGIN, footTop + 52, { width: inner, align: 'center' });
}

/** One PDF with a page per site. */
export function renderPosters(sites: PosterSite[], opts: { now: number }): Promise<Buffer> {
  const f = posterFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    // A fixed creation date: the same posters give the same bytes.
    info: { Title: sites.length === 1 ? `${sites[0].name} (${sites[0].code})` : `TraceGrid posters (${sites.length})`, Creator: 'TraceGrid', CreationDate: new Date(opts.now) },
  });
  doc.registerFont('cjk', f.cjk);
  doc.registerFont('cjkBold', f.cjkBold);
  doc.registerFont('mongolian', f.mongolian);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const site of sites) {
    doc.addPage({ size: 'A4', margin: 0 });
    drawPage(doc, site);
  }
  doc.end();
  return done;
}
