// The personal pass shown after a check-in: a QR code of the signed pass token (it carries no personal data),
// the time, the place and advice for each flag. The last pass is kept on the phone, to be shown offline.
import { encode } from 'uqr';
import { h } from './dom.ts';
import { hasMessage, msg } from './i18n/index.ts';
import type { Accepted, SiteInfo } from './outbox.ts';

export interface StoredPass extends Accepted {
  site: SiteInfo;
  at: number;
  people: number;
}

const STORAGE_KEY = 'tg_register_pass';

export function savePass(pass: StoredPass): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(pass));
  } catch {
    // storage full or unavailable: the pass is still on screen
  }
}

export function lastPass(): StoredPass | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredPass) : null;
  } catch {
    return null;
  }
}

/** The QR code as an SVG element: one path of unit squares, crisp at any size. */
export function qrSvg(text: string): SVGSVGElement {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', String(size));
  bg.setAttribute('height', String(size));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

export function passView(p: StoredPass, again: () => void): HTMLElement {
  const advice = p.flags.map((flag) => `advice.${flag}`).filter(hasMessage);
  const flagged = advice.length > 0;
  return h(
    'section',
    { class: `pass${flagged ? ' flagged' : ''}`, 'data-pass-id': p.id },
    h('h2', {}, msg('passTitle')),
    h('div', { class: 'qr-box', 'data-pass': p.pass }, qrSvg(p.pass)),
    h('p', { class: 'pass-show' }, msg('passShow')),
    h(
      'dl',
      {},
      h('dt', {}, msg('passSite')),
      h('dd', { class: 'pass-site' }, p.site.name),
      h('dt', {}, msg('passTime')),
      h('dd', { class: 'pass-time' }, new Date(p.at).toLocaleString('zh-CN', { hour12: false })),
      h('dt', {}, msg('passPeople')),
      h('dd', {}, String(p.people)),
    ),
    flagged ? h('ul', { class: 'advice', role: 'alert' }, ...advice.map((key) => h('li', { 'data-flag': key.slice(7) }, msg(key)))) : h('p', { class: 'advice-none' }, msg('passNoAdvice')),
    h('button', { type: 'button', class: 'secondary again', onclick: again }, msg('passAgain')),
  );
}
