// Poster fonts, shipped in npm packages (nothing is downloaded at run time): Noto Sans SC for Chinese and Latin,
// Noto Sans Mongolian for the traditional script. pdfkit embeds only the glyphs a poster uses.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  cjk: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  cjkBold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  mongolian: '@expo-google-fonts/noto-sans-mongolian/400Regular/NotoSansMongolian_400Regular.ttf',
} as const;
export type FontName = keyof typeof FONT_FILES;

/**
 * fontkit (pdfkit's shaper) cannot read or apply GSUB lookup type 8 (reverse chaining single substitution) and
 * throws on any text in a font that has one; Noto Sans Mongolian uses one in `calt`. The copy given to pdfkit has
 * the subtable count of such lookups set to 0, so they do nothing; the other joining and contextual lookups
 * still apply. Only the in-memory copy changes; pdfkit embeds glyph outlines, not GSUB.
 */
export function withoutReverseChaining(font: Buffer): Buffer {
  const out = Buffer.from(font);
  const numTables = out.readUInt16BE(4);
  let gsub = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (out.toString('latin1', rec, rec + 4) === 'GSUB') gsub = out.readUInt32BE(rec + 8);
  }
  if (gsub < 0) return out;
  const list = gsub + out.readUInt16BE(gsub + 8);
  const count = out.readUInt16BE(list);
  for (let i = 0; i < count; i++) {
    const lookup = list + out.readUInt16BE(list + 2 + i * 2);
    const type = out.readUInt16BE(lookup);
    const first = lookup + out.readUInt16BE(lookup + 6);
    // Extension lookups (type 7) name the real type in their subtables.
    const real = type === 7 && out.readUInt16BE(lookup + 4) > 0 ? out.readUInt16BE(first + 2) : type;
    if (real === 8) out.writeUInt16BE(0, lookup + 4);
  }
  return out;
}

// Read once per process (the CJK faces are ~10 MB each).
let fonts: Record<FontName, Buffer> | undefined;
export function posterFonts(): Record<FontName, Buffer> {
  if (!fonts) {
    const read = (f: string) => fs.readFileSync(require.resolve(f));
    fonts = { cjk: read(FONT_FILES.cjk), cjkBold: read(FONT_FILES.cjkBold), mongolian: withoutReverseChaining(read(FONT_FILES.mongolian)) };
  }
  return fonts;
}
