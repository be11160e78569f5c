// Environment (and an optional tracegrid.config.json) -> one typed, validated config object.
// Every problem is reported with what to change, and nothing starts on a half-valid config.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './core/errors.ts';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

export interface PasswordHashingConfig {
  memoryCost: number; // KiB
  timeCost: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  adminPassword: string | undefined;
  /** Explicit key sources; when none is given on SQLite a key file is created in the data directory. */
  keyFile: string | undefined;
  keysFromEnv: { piiKeys?: string; indexKey?: string; sessionSecret?: string };
  session: { idleMinutes: number; absoluteHours: number };
  lockout: { maxFailures: number; windowMinutes: number; lockMinutes: number };
  rateLimit: { perMinute: number; loginPerMinute: number };
  bodyLimitBytes: number;
  risk: { feverThreshold: number };
  /** public registration: per client address and per site, per minute */
  checkinLimits: { perAddress: number; perSite: number };
  passwordHashing: PasswordHashingConfig;
  trustProxy: boolean;
  logLevel: string;
  webDir: string;
  /** where phones reach the server: the base of the QR URLs printed on posters */
  publicUrl: string;
  /** group-chat and webhook alerts: how they are sent and retried */
  notifications: NotificationsConfig;
  /** the analysis report and the weekly dispatch made on a schedule, and how long report files are kept */
  reports: ReportsConfig;
  /** how long check-ins and health records are kept before the daily purge removes them */
  retention: RetentionConfig;
}

/** The check-in kinds, each with its own retention (and its own PostgreSQL partitions). */
export const CHECKIN_KINDS = ['checkpoint', 'community', 'floating', 'station'] as const;
export type CheckinKind = (typeof CHECKIN_KINDS)[number];

export interface RetentionConfig {
  /** check-ins are kept for today and this many whole days (China time) before it, per kind */
  checkinDays: Record<CheckinKind, number>;
  /** observations ended more than this many days ago are removed with their temperature reports */
  healthRecordDays: number;
  /** run the daily purge (03:30 China time) in this instance (several may: it runs once per day) */
  schedule: boolean;
}

export interface NotificationsConfig {
  /** one request may take this long before it counts as failed */
  timeoutMs: number;
  /** attempts in all (the first and the retries); then the delivery is failed */
  maxAttempts: number;
  /** waits before each retry; the last one repeats when there are more retries than entries */
  backoffMs: number[];
  /** how often due retries are looked for (new alerts wake the sender at once) */
  pollMs: number;
  /** requests in flight at once, per instance */
  concurrency: number;
  /** a WeCom or DingTalk robot gets at most one message (a digest of what is due) this often from an instance */
  robotIntervalMs: number;
  /** http:// endpoints beyond loopback (a relay on the internal network); https only otherwise */
  allowHttp: boolean;
}

export interface ReportsConfig {
  /** make the scheduled reports in this instance (several instances may: each report is made once) */
  schedule: boolean;
  /** 'HH:MM', China Standard Time: when the daily analysis report (of yesterday) is made */
  dailyAt: string;
  /** 1 (Monday) to 7 (Sunday): the day the weekly dispatch (of the 7 days ending yesterday) is made, at dailyAt */
  weeklyDay: number;
  /** report files and their rows are removed this many days after they were asked for */
  keepDays: number;
  /** org unit codes the schedule reports on; empty: the root units */
  units: string[];
}

type Env = Record<string, string | undefined>;

const FILE_KEYS = new Set([
  'port', 'host', 'dataDir', 'databaseUrl', 'keyFile', 'session', 'lockout', 'rateLimit',
  'bodyLimitBytes', 'trustProxy', 'logLevel', 'publicUrl', 'risk', 'checkinLimits', 'notifications',
  'reports', 'retention',
]);

function readConfigFile(env: Env, cwd: string): Record<string, unknown> {
  const explicit = env.TRACEGRID_CONFIG;
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, 'tracegrid.config.json');
  if (!fs.existsSync(file)) {
    if (explicit) throw new ConfigError(`TRACEGRID_CONFIG points to ${file}, which does not exist.`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file} must hold a JSON object.`);
  }
  const unknown = Object.keys(parsed).filter((k) => !FILE_KEYS.has(k));
  if (unknown.length) {
    throw new ConfigError(`${file} has unknown settings: ${unknown.join(', ')}. Known: ${[...FILE_KEYS].join(', ')}.`);
  }
  return parsed as Record<string, unknown>;
}

function int(name: string, raw: unknown, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${String(raw)}".`);
  }
  return n;
}

function temperature(name: string, raw: unknown, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || n < 36 || n > 40) throw new ConfigError(`${name} must be a temperature in °C from 36 to 40; got "${String(raw)}".`);
  return n;
}

const DEFAULT_BACKOFF_MS = [10_000, 60_000, 300_000, 1_800_000, 7_200_000];

/** "10000,60000" (environment) or [10000, 60000] (file): waits between retries, each from 10 ms to a day. */
function backoff(name: string, raw: unknown): number[] {
  if (raw === undefined || raw === '') return DEFAULT_BACKOFF_MS;
  const items = Array.isArray(raw) ? raw : String(raw).split(',');
  if (items.length === 0 || items.length > 20) throw new ConfigError(`${name} must list 1 to 20 waits in milliseconds; got "${String(raw)}".`);
  return items.map((v, i) => int(`${name}[${i}]`, typeof v === 'string' ? v.trim() : v, 0, 10, 86_400_000));
}

/** Reports settings; the schedule is off under NODE_ENV=test unless set, so tests make reports only when asked. */
function reportsConfig(file: Record<string, unknown>, env: Env, testing: boolean): ReportsConfig {
  const rawSchedule = env.TRACEGRID_REPORTS_SCHEDULE ?? file.schedule;
  if (rawSchedule !== undefined && rawSchedule !== '' && !['true', 'false'].includes(String(rawSchedule))) {
    throw new ConfigError(`reports.schedule must be true or false; got "${String(rawSchedule)}".`);
  }
  const dailyAt = String(file.dailyAt ?? '06:00');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(dailyAt)) throw new ConfigError(`reports.dailyAt must be a time HH:MM (China Standard Time) such as 06:00; got "${dailyAt}".`);
  const units = file.units ?? [];
  if (!Array.isArray(units) || units.length > 200 || !units.every((u) => typeof u === 'string' && /^[A-Za-z0-9-]{1,32}$/.test(u))) {
    throw new ConfigError(`reports.units must be a list of org unit codes such as ["150100"]; got ${JSON.stringify(units)}.`);
  }
  return {
    schedule: rawSchedule === undefined || rawSchedule === '' ? !testing : String(rawSchedule) === 'true',
    dailyAt,
    weeklyDay: int('reports.weeklyDay', file.weeklyDay, 1, 1, 7),
    keepDays: int('reports.keepDays', file.keepDays, 90, 1, 3650),
    units: units as string[],
  };
}

/**
 * Retention: TRACEGRID_RETENTION_DAYS (or retention.checkinDays.default in the file) for every kind, a kind's own
 * days in the file ({"retention": {"checkinDays": {"station": 14}}}). The schedule is off under NODE_ENV=test
 * unless set, so tests purge only when asked.
 */
function retentionConfig(file: Record<string, unknown>, env: Env, testing: boolean): RetentionConfig {
  const rawDays = file.checkinDays ?? {};
  if (!rawDays || typeof rawDays !== 'object' || Array.isArray(rawDays)) {
    throw new ConfigError(`retention.checkinDays must be an object of days per check-in kind such as {"station": 14}; got ${JSON.stringify(rawDays)}.`);
  }
  const days = rawDays as Record<string, unknown>;
  const unknown = Object.keys(days).filter((k) => k !== 'default' && !(CHECKIN_KINDS as readonly string[]).includes(k));
  if (unknown.length) throw new ConfigError(`retention.checkinDays has unknown kinds: ${unknown.join(', ')}. Known: default, ${CHECKIN_KINDS.join(', ')}.`);
  const fromEnv = env.TRACEGRID_RETENTION_DAYS !== undefined && env.TRACEGRID_RETENTION_DAYS !== '';
  const fallback = int(fromEnv ? 'TRACEGRID_RETENTION_DAYS' : 'retention.checkinDays.default', fromEnv ? env.TRACEGRID_RETENTION_DAYS : days.default, 28, 1, 3650);
  const rawSchedule = env.TRACEGRID_RETENTION_SCHEDULE ?? file.schedule;
  if (rawSchedule !== undefined && rawSchedule !== '' && !['true', 'false'].includes(String(rawSchedule))) {
    throw new ConfigError(`retention.schedule must be true or false; got "${String(rawSchedule)}".`);
  }
  return {
    checkinDays: Object.fromEntries(CHECKIN_KINDS.map((k) => [k, int(`retention.checkinDays.${k}`, days[k], fallback, 1, 3650)])) as Record<CheckinKind, number>,
    healthRecordDays: int('retention.healthRecordDays', file.healthRecordDays, 28, 1, 3650),
    schedule: rawSchedule === undefined || rawSchedule === '' ? !testing : String(rawSchedule) === 'true',
  };
}

function parsePublicUrl(raw: unknown, port: number): string {
  if (raw === undefined || raw === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new ConfigError(`TRACEGRID_PUBLIC_URL must be an absolute http(s) URL such as https://reg.example.org; got "${String(raw)}".`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new ConfigError(`TRACEGRID_PUBLIC_URL must be an http(s) URL without query or fragment; got "${String(raw)}".`);
  }
  // Posters print `${publicUrl}/r/<token>`: no trailing slash.
  return url.toString().replace(/\/+$/, '');
}

function parseDatabase(url: string | undefined, dataDir: string, cwd: string): DatabaseConfig {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'tracegrid.sqlite') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid URL: ${url.replace(/:[^:@/]*@/, ':***@')}`);
    }
    return { kind: 'postgres', url };
  }
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: path.resolve(cwd, url.slice('sqlite:'.length)) };
  throw new ConfigError(
    'DATABASE_URL must start with postgres:// (PostgreSQL) or sqlite: (a file path); leave it unset for SQLite in TRACEGRID_DATA_DIR.',
  );
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const file = readConfigFile(env, cwd);
  const pick = (envName: string, fileKey: string): unknown => env[envName] ?? file[fileKey];
  const dataDir = path.resolve(cwd, String(pick('TRACEGRID_DATA_DIR', 'dataDir') ?? './data'));
  const nested = (key: string) => (file[key] ?? {}) as Record<string, unknown>;
  const session = nested('session');
  const lockout = nested('lockout');
  const rateLimit = nested('rateLimit');
  const adminPassword = env.TRACEGRID_ADMIN_PASSWORD || undefined;
  const keyFileRaw = pick('TRACEGRID_KEY_FILE', 'keyFile');
  const logLevel = String(pick('LOG_LEVEL', 'logLevel') ?? 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}".`);
  }
  const testing = env.NODE_ENV === 'test';
  const port = int('PORT', pick('PORT', 'port'), 3000, 0, 65535);
  return {
    port,
    host: String(pick('HOST', 'host') ?? '0.0.0.0'),
    dataDir,
    database: parseDatabase(pick('DATABASE_URL', 'databaseUrl') as string | undefined, dataDir, cwd),
    adminPassword,
    keyFile: keyFileRaw ? path.resolve(cwd, String(keyFileRaw)) : undefined,
    keysFromEnv: {
      piiKeys: env.TRACEGRID_PII_KEYS,
      indexKey: env.TRACEGRID_INDEX_KEY,
      sessionSecret: env.TRACEGRID_SESSION_SECRET,
    },
    session: {
      idleMinutes: int('session.idleMinutes', env.TRACEGRID_SESSION_IDLE_MINUTES ?? session.idleMinutes, 30, 1, 1440),
      absoluteHours: int('session.absoluteHours', session.absoluteHours, 12, 1, 168),
    },
    lockout: {
      maxFailures: int('lockout.maxFailures', lockout.maxFailures, 5, 1, 100),
      windowMinutes: int('lockout.windowMinutes', lockout.windowMinutes, 15, 1, 1440),
      lockMinutes: int('lockout.lockMinutes', lockout.lockMinutes, 15, 1, 1440),
    },
    rateLimit: {
      perMinute: int('rateLimit.perMinute', rateLimit.perMinute, 1200, 10, 1_000_000),
      loginPerMinute: int('rateLimit.loginPerMinute', rateLimit.loginPerMinute, 20, 1, 10_000),
    },
    risk: { feverThreshold: temperature('TRACEGRID_FEVER_THRESHOLD', env.TRACEGRID_FEVER_THRESHOLD ?? nested('risk').feverThreshold, 37.3) },
    checkinLimits: {
      // Mobile carriers put many phones behind one address: the per-address limit is generous.
      perAddress: int('checkinLimits.perAddress', nested('checkinLimits').perAddress, 600, 1, 1_000_000),
      perSite: int('checkinLimits.perSite', nested('checkinLimits').perSite, 6000, 1, 10_000_000),
    },
    bodyLimitBytes: int('bodyLimitBytes', pick('TRACEGRID_BODY_LIMIT', 'bodyLimitBytes'), 256 * 1024, 1024, 64 * 1024 * 1024),
    // Tests hash many passwords on a 2-core machine; production keeps OWASP's argon2id minimums or more.
    passwordHashing: testing ? { memoryCost: 1024, timeCost: 1 } : { memoryCost: 19_456, timeCost: 2 },
    trustProxy: String(pick('TRACEGRID_TRUST_PROXY', 'trustProxy') ?? 'false') === 'true',
    logLevel,
    webDir: path.resolve(env.TRACEGRID_WEB_DIR ?? path.join(import.meta.dirname, '..', 'dist', 'web')),
    publicUrl: parsePublicUrl(pick('TRACEGRID_PUBLIC_URL', 'publicUrl'), port),
    notifications: {
      timeoutMs: int('notifications.timeoutMs', nested('notifications').timeoutMs, 10_000, 100, 120_000),
      maxAttempts: int('notifications.maxAttempts', nested('notifications').maxAttempts, 6, 1, 50),
      backoffMs: backoff('notifications.backoffMs', nested('notifications').backoffMs),
      pollMs: int('notifications.pollMs', nested('notifications').pollMs, 5_000, 10, 600_000),
      concurrency: int('notifications.concurrency', nested('notifications').concurrency, 4, 1, 64),
      // The robots take 20 messages a minute: one every 3 s leaves room for another instance or sender.
      robotIntervalMs: int('notifications.robotIntervalMs', nested('notifications').robotIntervalMs, 3_000, 0, 600_000),
      allowHttp: String(env.TRACEGRID_WEBHOOK_ALLOW_HTTP ?? nested('notifications').allowHttp ?? 'false') === 'true',
    },
    reports: reportsConfig(nested('reports'), env, testing),
    retention: retentionConfig(nested('retention'), env, testing),
  };
}
