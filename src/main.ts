// The `tracegrid` command. Every command reads the same settings (DATABASE_URL, TRACEGRID_DATA_DIR, ...)
// as the server, so they all work on the same database.
import { Argument, Command, Option } from 'commander';
import { auditVerifyCommand, demoCommand, migrateCommand, orgImportCommand, userAddCommand, userListCommand } from './cli/commands.ts';
import { ROLES } from './core/context.ts';
import { siteAddCommand, siteListCommand, sitePosterCommand, siteRotateCommand } from './cli/site.ts';
import { personReportCommand } from './cli/person.ts';
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

const person = program.command('person').description('the person master index');
person
  .command('report')
  .description("everything held about one person, in clear, for a subject's access request (audited)")
  .requiredOption('--id <idNumber>', "the person's ID number")
  .option('--purpose <text>', "why, written to the audit log (default: subject's access request)")
  .option('-o, --output <file>', 'write the JSON report to this file instead of printing it')
  .action(personReportCommand);

program
  .command('trace')
  .description('trace the contacts of a case: exposures with their evidence, ranked, to a depth (audited); masked unless --reveal')
  .requiredOption('--id <idNumber>', "the case's ID number")
  .option('--from <time>', 'start of the window (ISO time or YYYY-MM-DD); default 14 days before onset or confirmation')
  .option('--to <time>', 'end of the window; default the day the case was listed (isolation)')
  .option('--depth <n>', 'contacts of contacts to this depth (1-3)', '2')
  .option('--tolerance <minutes>', 'minutes between checkpoint passages that count (default 30; a site may set its own)')
  .option('--category <kind>', 'the case category whose date sets the window: confirmed, suspected, fever, close_contact')
  .option('--json', 'print one JSON object')
  .option('--reveal', 'add each contact\'s ID number in clear (needs --purpose; audited)')
  .option('--purpose <text>', 'why, written to the audit log')
  .option('--accept', 'list the contacts as close contacts and create follow-up tasks for their units')
  .action(async (opts) => (await import('./cli/trace.ts')).traceCommand(opts));

program
  .command('export')
  .description('write check-ins or the entries of a list to a CSV or XLSX file: masked unless --reveal (audited)')
  .addArgument(new Argument('<kind>', 'what to export').choices(['checkins', 'list_entries']))
  .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).makeOptionMandatory())
  .requiredOption('-o, --output <file>', 'file to write')
  .option('--org <code>', 'check-ins: sites of this org unit and below')
  .option('--site <code>', 'check-ins: one site')
  .option('--flagged', 'check-ins: flagged ones only')
  .option('--list <name>', 'list_entries: the list')
  .option('--from <iso>', 'from this time (check-ins: their time; list entries: the time listed), e.g. 2026-11-28T00:00:00+08:00')
  .option('--to <iso>', 'up to this time (exclusive)')
  .option('--reveal', 'values in clear instead of masked (needs --purpose)')
  .option('--purpose <text>', 'why the values are needed in clear; written to the audit log')
  .option('--json', 'print the result as JSON')
  // Loaded on demand, with the spreadsheet writer.
  .action(async (kind, opts) => (await import('./cli/export.ts')).exportCommand(kind, opts));

program
  .command('import <file>')
  .description('import a list file (CSV or XLSX) into a list, or with --households a household file into the grids: validated, refused rows reported, importing the same rows again creates nothing')
  .option('--list <name>', 'the list to import into')
  .option('--households', 'the file is a household list (grid code, address, building, unit, room, kind, name, ID number, phone, relation)')
  .option('--mapping <name>', 'a saved column mapping (otherwise the headers are recognised)')
  .option('--create <kind>', `create the list when it does not exist, of this kind (${['incoming', 'observation', 'high_risk', 'confirmed', 'suspected', 'fever', 'close_contact'].join(', ')})`)
  .option('--org <code>', 'with --create: the org unit the list belongs to')
  .option('--refusals <file>', 'write the refused rows (row, column, reason) to this CSV file')
  .option('--json', 'print the counts as one JSON object at the end')
  // Loaded on demand, with the readers and the engine.
  .action(async (file, opts) => (await import('./cli/import.ts')).importCommand(file, opts));

program
  .command('report')
  .description('write the analysis report or the weekly dispatch of an org unit (audited); -o FILE.pdf writes the PDF, FILE.xlsx the spreadsheet, any other name both (FILE.pdf and FILE.xlsx)')
  .addArgument(new Argument('<kind>', 'which report').choices(['analysis', 'weekly']))
  .requiredOption('--org <code>', 'org unit code')
  .option('--from <day>', 'first day, YYYY-MM-DD (analysis: default --to, one day; weekly: default the 7 days ending --to)')
  .requiredOption('--to <day>', 'last day, YYYY-MM-DD (China time)')
  .requiredOption('-o, --output <file>', 'file to write: .pdf, .xlsx, or a name for both')
  .addOption(new Option('--lang <lang>', 'language of the report').choices(['zh', 'en']).default('zh'))
  .option('--json', 'print the result as JSON')
  // Loaded on demand, with ECharts, pdfkit and the spreadsheet writer.
  .action(async (kind, opts) => (await import('./cli/report.ts')).reportCommand(kind, opts));

program
  .command('purge')
  .description('remove the check-ins and health records past their retention now (config retention; audited); the server also does it daily at 03:30 China time')
  .option('--dry-run', 'only count what would be removed')
  .option('--json', 'print the result as JSON')
  .action(async (opts) => (await import('./cli/purge.ts')).purgeCommand(opts));

const audit = program.command('audit').description('the audit log');
audit.command('verify').description('check the hash chain; exits non-zero and names the first broken entry').option('--json', 'print JSON').action(auditVerifyCommand);

program
  .command('demo')
  .description('load a synthetic demo region (org tree and users for every role); with --checkins, weeks of synthetic check-ins at its Hohhot sites')
  .option('--password <password>', 'password for the demo users (default: TRACEGRID_DEMO_PASSWORD or generated)')
  .option('--checkins <n>', 'generate this many check-ins (people, companions included) through the check-in writer')
  .option('--days <d>', 'with --checkins: spread over the last D days, today included (default 28)')
  .option('--json', 'print the result as JSON')
  .action(demoCommand);

program
  .command('backup')
  .description('write a checked copy of the database (SQLite: online, while servers run; PostgreSQL: pg_dump); the keys are not in it')
  .option('--out <path>', 'file to write (default: DATA_DIR/backups/tracegrid-<time>.sqlite or .dump)')
  .option('--json', 'print the result as JSON')
  .action(async (opts) => (await import('./cli/backup.ts')).backupCommand(opts));

program
  .command('restore')
  .description('put a backup in place of the database (servers stopped; the keys must be the ones of the backup); SQLite keeps the old file aside')
  .requiredOption('--from <path>', 'the backup file')
  .option('--force', 'PostgreSQL: replace what the backup holds in a database that is not empty')
  .option('--json', 'print the result as JSON')
  .action(async (opts) => (await import('./cli/backup.ts')).restoreCommand(opts));

await program.parseAsync(process.argv);
