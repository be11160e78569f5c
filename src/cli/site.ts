// `tracegrid site ...`: add, list, rotate sites and print their posters, as the operator of the machine.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { createSite, listSites, rotateSite, sitePosters, type SiteView } from '../modules/sites/service.ts';
import { operatorActor, withRuntime } from './runtime.ts';

export async function siteAddCommand(opts: { kind: string; org: string; name: string; json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const site = await createSite(ctx, operatorActor(), { kind: opts.kind, orgCode: opts.org, name: opts.name });
    if (opts.json) process.stdout.write(JSON.stringify(site) + '\n');
    else process.stdout.write(`Created site ${site.code} (${site.kind}) "${site.name}" in ${site.orgUnit.code} ${site.orgUnit.name}\nQR URL: ${site.url}\n`);
  });
}

export async function siteListCommand(opts: { json?: boolean; org?: string; kind?: string }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const items: SiteView[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await listSites(ctx, operatorActor(), { limit: 200, offset, kind: opts.kind });
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0) break;
    }
    const shown = opts.org ? items.filter((s) => s.orgUnit.code === opts.org) : items;
    if (opts.json) return void process.stdout.write(JSON.stringify(shown) + '\n');
    for (const s of shown) {
      process.stdout.write(`${s.code}  ${s.kind.padEnd(10)} ${s.orgUnit.code.padEnd(14)} ${s.name}${s.disabled ? ' [disabled]' : ''}\n`);
    }
    process.stdout.write(`${shown.length} site(s)\n`);
  });
}

export async function sitePosterCommand(codes: string[], opts: { output: string; validDays?: string }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const days = opts.validDays === undefined ? undefined : Number(opts.validDays);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 730)) throw new ConfigError('--valid-days must be a whole number from 1 to 730.');
    const out = path.resolve(opts.output);
    if (!fs.existsSync(path.dirname(out))) throw new ConfigError(`The folder of ${out} does not exist.`);
    const pdf = await sitePosters(ctx, operatorActor(), codes, days);
    fs.writeFileSync(out, pdf);
    process.stdout.write(`Wrote ${codes.length} poster page(s) to ${out} (${Math.round(pdf.length / 1024)} KB)\n`);
  });
}

export async function siteRotateCommand(code: string, opts: { graceHours: string; json?: boolean }): Promise<void> {
  await withRuntime(async ({ ctx }) => {
    const hours = Number(opts.graceHours);
    if (!Number.isInteger(hours) || hours < 0 || hours > 720) throw new ConfigError('--grace-hours must be a whole number from 0 to 720 (30 days).');
    const site = await rotateSite(ctx, operatorActor(), code, hours);
    if (opts.json) return void process.stdout.write(JSON.stringify(site) + '\n');
    process.stdout.write(`Site ${site.code} now issues generation ${site.tokenGeneration}; QR codes printed before work until ${site.previousValidUntil}.\nNew QR URL: ${site.url}\n`);
  });
}
