// One build, four entry pages: register (public, tiny), observe (public, tiny: home-observation reports), officer
// (phone), console (desktop).
// Output goes to dist/web at the repository root; the server serves it under `/`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import registerZh from './register/i18n/zh.ts';

const here = (rel: string): string => decodeURIComponent(new URL(rel, import.meta.url).pathname);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Fills `data-i18n="key"` elements of the register page with the Chinese messages at build time, so the page
 * reads completely before (or without) any JavaScript. The messages module stays the one source of the text.
 */
function registerStaticText(): Plugin {
  const messages: Record<string, string> = registerZh;
  return {
    name: 'tracegrid-register-static-text',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        if (!ctx.filename.replace(/\\/g, '/').endsWith('/register/index.html')) return html;
        return html.replace(
          /(<(\w+)[^>]*\sdata-i18n="([\w.]+)"[^>]*>)(<\/\2>)/g,
          (_all, open: string, _tag: string, key: string, close: string) => {
            const text = messages[key];
            if (text === undefined) throw new Error(`register/index.html: no message "${key}" in register/i18n/zh.ts`);
            return open + escapeHtml(text) + close;
          },
        );
      },
    },
  };
}

/**
 * Emits `<entry>-sw.js` at the root of the build: the service worker of a phone page (web/shared/sw.template.js)
 * that keeps the page at `/<entry>/` and its own built files (its entry, everything that imports, statically or
 * lazily, the styles of those chunks and the files they reference such as workers) for offline use. `navigate`: the
 * path prefixes whose page loads fall back to the kept page. The page registers the worker with a scope under them.
 */
function pageServiceWorker(entryName: string, navigate: string[]): Plugin {
  const fileName = `${entryName}-sw.js`;
  return {
    name: `tracegrid-sw-${entryName}`,
    apply: 'build',
    generateBundle(_options, bundle) {
      const outputs = Object.values(bundle);
      const chunks = outputs.filter((f) => f.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry && c.name === entryName);
      if (!entry) return;
      const files = new Set<string>();
      const visit = (name: string) => {
        const chunk = chunks.find((c) => c.fileName === name);
        if (!chunk || files.has(name)) return;
        files.add(name);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset);
        // Files the code points to by address (new Worker(new URL(...)), asset URLs): emitted assets, not imports.
        for (const output of outputs) {
          if (output.type === 'asset' && output.fileName !== fileName && chunk.code.includes(output.fileName)) files.add(output.fileName);
        }
        [...chunk.imports, ...chunk.dynamicImports].forEach(visit);
      };
      visit(entry.fileName);
      const assets = [...files].sort().map((f) => `/${f}`);
      const template = fs.readFileSync(here('./shared/sw.template.js'), 'utf8');
      const version = crypto.createHash('sha256').update(template).update(assets.join(',')).digest('hex').slice(0, 16);
      const config = JSON.stringify({ name: entryName, version, page: `/${entryName}/`, navigate, assets });
      // Inside a single-quoted string literal of the template.
      const literal = config.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
      this.emitFile({ type: 'asset', fileName, source: template.replace('__CONFIG__', () => literal) });
    },
  };
}

export default defineConfig({
  root: here('./'),
  base: '/',
  publicDir: false,
  plugins: [vue(), registerStaticText(), pageServiceWorker('register', ['/r/', '/register/']), pageServiceWorker('officer', ['/officer/'])],
  // The validators shared with the server (pure TypeScript, no Node.js modules): the register page runs them too.
  resolve: { alias: { '@validation': here('../src/core/validation/index.ts') } },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Every browser these pages support has modulepreload; the polyfill would only add bytes to the register page.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        register: here('./register/index.html'),
        officer: here('./officer/index.html'),
        console: here('./console/index.html'),
        observe: here('./observe/index.html'),
      },
      output: {
        // Named shared chunks: the Vue runtime (officer app and console) and Element Plus (console only).
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|pinia|vue-i18n|@intlify)[\\/]/ },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)[\\/]/ },
            // ECharts (the dashboard pages only).
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` for development, with the API server on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
