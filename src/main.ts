// The `tracegrid` command. Every command reads the same settings (DATABASE_URL, TRACEGRID_DATA_DIR, ...)
// as the server, so they all work on the same database.
import { Command, Option } from 'commander';
import { auditVerifyCommand, demoCommand, migrateCommand, orgImportCommand, userAddCommand, userListCommand } from './cli/commands.ts';
import { ROLES } from './core/context.ts';
import { siteAddCommand, siteListCommand, sitePosterCommand, siteRotateCommand } from './cli/site.ts';
import { SITE_KINDS } from './modules/sites/service.ts';

const program = new Command('tracegrid')
  .description('TraceGrid: epidemic-response platform.\nSettings come from the environment (PORT, DATABASE_URL, TRACEGRID_DATA_DIR, ...) or tracegrid.config.json.')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the HTTP server (migrates the database and creates the administrator on first start)')
  .option('--demo', 'load the demo region on first start')
  // Loaded on demand: the other commands need not pay for loading the HTTP stack.
  .action(async (opts: { demo?: boolean }) => (await import('./cli/serve.ts')).serve(opts));

program.command('migrate').description('bring the database schema up to date').action(migrateCommand);

const user = program.command('user').description('manage accounts');
user
  .command('add <username>')
  .description('create an account')
  .addOption(new Option('--role <role>', 'role').choices(ROLES as string[]).makeOptionMandatory())
  .requiredOption('--org <code>', 'org unit code of a scope (repeat for several)', (v: string, prev: string[] = []) => [...prev, v])
  .option('--password-stdin', 'read the password from standard input (otherwise one is generated and printed)')
  .option('--display-name <name>', 'name shown in the console')
  .option('--phone <phone>', 'mobile number (stored encrypted)')
  .option('--json', 'print the account as JSON')
  .action(userAddCommand);
user.command('list').description('list accounts').option('--org <code>', 'only accounts scoped to this unit').option('--json', 'print JSON').action(userListCommand);

const org = program.command('org').description('manage the org hierarchy');
org
  .command('import <file>')
  .description('import org units from CSV with columns code,name,level,parent (all or nothing; re-importing changes nothing)')
  .option('--json', 'print the counts as JSON')
  .action(orgImportCommand);

const site = program.command('site').description('registration sites and their QR posters');
site
  .command('add')
  .description('add a site to an org unit')
  .addOption(new Option('--kind <kind>', 'kind of site').choices(SITE_KINDS as unknown as string[]).makeOptionMandatory())
  .requiredOption('--org <code>', 'org unit code')
  .requiredOption('--name <name>', 'site name as printed on the poster')
  .option('--json', 'print the site as JSON (with its code and QR url)')
  .action(siteAddCommand);
site
  .command('list')
  .description('list sites')
  .option('--org <code>', 'only sites of this unit')
  .addOption(new Option('--kind <kind>', 'only sites of this kind').choices(SITE_KINDS as unknown as string[]))
  .option('--json', 'print JSON')
  .action(siteListCommand);
site
  .command('poster <codes...>')
  .description('write one A4 PDF with a poster page per site')
  .requiredOption('-o, --output <file>', 'PDF file to write')
  .option('--valid-days <days>', 'how long the printed QR codes stay valid (default 365)')
  .action(sitePosterCommand);
site
  .command('rotate <code>')
  .description('issue new QR codes for a site; printed ones keep working for the grace period')
  .requiredOption('--grace-hours <hours>', 'hours the QR codes printed until now keep working (0-720)')
  .option('--json', 'print the site as JSON')
  .action(siteRotateCommand);

const audit = program.command('audit').description('the audit log');
audit.command('verify').description('check the hash chain; exits non-zero and names the first broken entry').option('--json', 'print JSON').action(auditVerifyCommand);

program
  .command('demo')
  .description('load a synthetic demo region (org tree and users for every role)')
  .option('--password <password>', 'password for the demo users (default: TRACEGRID_DEMO_PASSWORD or generated)')
  .action(demoCommand);

await program.parseAsync(process.argv);
