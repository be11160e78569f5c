// The page messages: every text compiles and renders in both languages, every key the pages use exists, and
// every role and org level has a label. (A missing English text is already a type error: en.ts is typed by zh.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import zh from '../../web/shared/i18n/zh.ts';
import en from '../../web/shared/i18n/en.ts';
import registerZh from '../../web/register/i18n/zh.ts';
import registerEn from '../../web/register/i18n/en.ts';
import { ORG_LEVELS, ROLES } from '../../web/shared/types.ts';

const webDir = path.resolve(import.meta.dirname, '../../web');

function leaves(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : leaves(value as object, `${prefix}${key}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('page messages', () => {
  const keys = leaves(zh);

  it('have the same keys in Chinese and English', () => {
    expect(leaves(en).sort()).toEqual([...keys].sort());
    expect(Object.keys(registerEn).sort()).toEqual(Object.keys(registerZh).sort());
  });

  it('all compile and render in both languages', () => {
    const problems: string[] = [];
    const i18n = createI18n({
      legacy: false,
      locale: 'zh',
      messages: { zh, en },
      missingWarn: false,
      fallbackWarn: false,
      warnHtmlMessage: false,
    });
    const params = { name: 'N', code: 'C', time: 'T', total: 3, checked: 2, seq: 1, reason: 'R' };
    const original = console.warn;
    console.warn = (...args: unknown[]) => problems.push(args.map(String).join(' '));
    try {
      for (const locale of ['zh', 'en'] as const) {
        i18n.global.locale.value = locale;
        for (const key of keys) {
          const text = i18n.global.t(key, params);
          if (!text || text === key || /[{}]/.test(text)) problems.push(`${locale} ${key}: ${JSON.stringify(text)}`);
        }
      }
    } finally {
      console.warn = original;
    }
    expect(problems).toEqual([]);
  });

  it('cover every key the pages ask for', () => {
    const known = new Set(keys);
    const missing: string[] = [];
    // the self-report page (web/observe) has its own small catalogue, and its t() takes only its keys (a type error)
    for (const file of sourceFiles(webDir).filter((f) => !f.startsWith(path.join(webDir, 'observe') + path.sep))) {
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([a-z][\w.]*)'/g)) {
        if (!known.has(match[1])) missing.push(`${path.relative(webDir, file)}: ${match[1]}`);
      }
      for (const match of source.matchAll(/\bt\(\s*`([\w.]+)\.\$\{/g)) {
        if (!keys.some((k) => k.startsWith(`${match[1]}.`))) missing.push(`${path.relative(webDir, file)}: ${match[1]}.*`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('label every role and every org level', () => {
    expect(Object.keys(zh.role).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(zh.level).sort()).toEqual([...ORG_LEVELS].sort());
  });
});
