// Configuration and secrets, as pure functions over an environment and a directory: no database, no process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { loadSecrets, newKeyFileContent } from '../../src/core/secrets.ts';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** An empty directory to act as the working directory (so no stray tracegrid.config.json is read). */
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tracegrid-config-'));
  dirs.push(d);
  return d;
}

function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** The ConfigError thrown by fn; fails the test when fn throws anything else or nothing. */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

const b64 = (bytes = 32) => crypto.randomBytes(bytes).toString('base64');

describe('loadConfig', () => {
  it('defaults: port 3000, SQLite file in ./data of the working directory, log level info', () => {
    const cwd = tmpDir();
    const c = loadConfig({}, cwd);
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(path.join(cwd, 'data'));
    expect(c.database).toEqual({ kind: 'sqlite', file: path.join(cwd, 'data', 'tracegrid.sqlite') });
    expect(c.logLevel).toBe('info');
    expect(c.keyFile).toBeUndefined();
    expect(c.adminPassword).toBeUndefined();
    expect(c.keysFromEnv).toEqual({ piiKeys: undefined, indexKey: undefined, sessionSecret: undefined });
    expect(c.session).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(c.trustProxy).toBe(false);
    // Outside tests, password hashing keeps at least OWASP's argon2id minimums.
    expect(c.passwordHashing.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(c.passwordHashing.timeCost).toBeGreaterThanOrEqual(2);
  });

  it('resolves TRACEGRID_DATA_DIR against the working directory and puts the SQLite file in it', () => {
    const cwd = tmpDir();
    const c = loadConfig({ TRACEGRID_DATA_DIR: 'var/tg' }, cwd);
    expect(c.dataDir).toBe(path.join(cwd, 'var', 'tg'));
    expect(c.database).toEqual({ kind: 'sqlite', file: path.join(cwd, 'var', 'tg', 'tracegrid.sqlite') });
  });

  it('NODE_ENV=test makes password hashing cheap', () => {
    const c = loadConfig({ NODE_ENV: 'test' }, tmpDir());
    expect(c.passwordHashing.memoryCost).toBeLessThan(19_456);
  });

  describe('DATABASE_URL', () => {
    it('postgres:// and postgresql:// select PostgreSQL', () => {
      const cwd = tmpDir();
      for (const url of ['postgres://tg:secret@db.internal:5432/tracegrid', 'postgresql://tg@localhost/tracegrid?sslmode=require']) {
        expect(loadConfig({ DATABASE_URL: url }, cwd).database).toEqual({ kind: 'postgres', url });
      }
    });

    it('sqlite:/absolute/path selects that SQLite file', () => {
      const cwd = tmpDir();
      const file = path.join(cwd, 'elsewhere', 'db.sqlite');
      expect(loadConfig({ DATABASE_URL: `sqlite:${file}` }, cwd).database).toEqual({ kind: 'sqlite', file });
    });

    it('sqlite:relative/path is resolved against the working directory given to loadConfig', () => {
      const cwd = tmpDir();
      expect(loadConfig({ DATABASE_URL: 'sqlite:db/tg.sqlite' }, cwd).database).toEqual({ kind: 'sqlite', file: path.join(cwd, 'db', 'tg.sqlite') });
    });

    it('anything else is refused with a message that says what to write', () => {
      const cwd = tmpDir();
      for (const url of ['mysql://root@localhost/tg', 'tracegrid.sqlite', 'http://db:5432/tg']) {
        const e = configError(() => loadConfig({ DATABASE_URL: url }, cwd));
        expect(e.message).toMatch(/DATABASE_URL/);
        expect(e.message).toMatch(/postgres:\/\//);
        expect(e.message).toMatch(/sqlite:/);
      }
    });

    it('a malformed postgres URL is refused without printing its password', () => {
      const e = configError(() => loadConfig({ DATABASE_URL: 'postgres://tg:hunter2secret@db:notaport/tracegrid' }, tmpDir()));
      expect(e.message).toMatch(/DATABASE_URL/);
      expect(e.message).not.toContain('hunter2secret');
    });
  });

  describe('PORT', () => {
    it('accepts 0..65535', () => {
      const cwd = tmpDir();
      expect(loadConfig({ PORT: '0' }, cwd).port).toBe(0);
      expect(loadConfig({ PORT: '8080' }, cwd).port).toBe(8080);
      expect(loadConfig({ PORT: '65535' }, cwd).port).toBe(65535);
    });

    it('refuses values out of range or not whole numbers, naming PORT and the range', () => {
      const cwd = tmpDir();
      for (const port of ['65536', '-1', '80.5', 'http']) {
        const e = configError(() => loadConfig({ PORT: port }, cwd));
        expect(e.message).toMatch(/PORT must be a whole number from 0 to 65535/);
        expect(e.message).toContain(`"${port}"`);
      }
    });
  });

  it('refuses an unknown LOG_LEVEL, listing the valid ones', () => {
    const e = configError(() => loadConfig({ LOG_LEVEL: 'verbose' }, tmpDir()));
    expect(e.message).toMatch(/LOG_LEVEL/);
    expect(e.message).toMatch(/debug/);
    expect(e.message).toContain('"verbose"');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, tmpDir()).logLevel).toBe('debug');
  });

  describe('tracegrid.config.json', () => {
    it('is read from the working directory; the environment overrides it', () => {
      const cwd = tmpDir();
      writeJson(cwd, 'tracegrid.config.json', { port: 4000, dataDir: 'store', logLevel: 'warn', session: { absoluteHours: 8 } });
      const c = loadConfig({}, cwd);
      expect(c.port).toBe(4000);
      expect(c.dataDir).toBe(path.join(cwd, 'store'));
      expect(c.logLevel).toBe('warn');
      expect(c.session.absoluteHours).toBe(8);
      expect(loadConfig({ PORT: '5000', LOG_LEVEL: 'error' }, cwd)).toMatchObject({ port: 5000, logLevel: 'error' });
    });

    it('TRACEGRID_SESSION_IDLE_MINUTES overrides session.idleMinutes of the file, like every other setting', () => {
      const cwd = tmpDir();
      writeJson(cwd, 'tracegrid.config.json', { session: { idleMinutes: 10 } });
      expect(loadConfig({ TRACEGRID_SESSION_IDLE_MINUTES: '20' }, cwd).session.idleMinutes).toBe(20);
    });

    it('refuses unknown settings, naming them and the known ones', () => {
      const cwd = tmpDir();
      writeJson(cwd, 'tracegrid.config.json', { port: 4000, prot: 4001, databseUrl: 'postgres://x' });
      const e = configError(() => loadConfig({}, cwd));
      expect(e.message).toContain(path.join(cwd, 'tracegrid.config.json'));
      expect(e.message).toMatch(/unknown settings: prot, databseUrl/);
      expect(e.message).toMatch(/Known: .*databaseUrl/);
    });

    it('refuses invalid JSON, naming the file', () => {
      const cwd = tmpDir();
      writeJson(cwd, 'tracegrid.config.json', '{ "port": 4000, }');
      const e = configError(() => loadConfig({}, cwd));
      expect(e.message).toContain(path.join(cwd, 'tracegrid.config.json'));
      expect(e.message).toMatch(/not valid JSON/);
    });

    it('refuses JSON that is not an object', () => {
      const cwd = tmpDir();
      writeJson(cwd, 'tracegrid.config.json', [{ port: 4000 }]);
      expect(configError(() => loadConfig({}, cwd)).message).toMatch(/must hold a JSON object/);
    });

    it('checks nested values too', () => {
      const cwd = tmpDir();
      writeJson(cwd, 'tracegrid.config.json', { lockout: { maxFailures: 0 } });
      expect(configError(() => loadConfig({}, cwd)).message).toMatch(/lockout\.maxFailures must be a whole number from 1 to 100/);
    });

    it('reports: schedule on by default, off under NODE_ENV=test unless set; times, days and codes checked', () => {
      const cwd = tmpDir();
      expect(loadConfig({}, cwd).reports).toEqual({ schedule: true, dailyAt: '06:00', weeklyDay: 1, keepDays: 90, units: [] });
      expect(loadConfig({ NODE_ENV: 'test' }, cwd).reports.schedule).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test', TRACEGRID_REPORTS_SCHEDULE: 'true' }, cwd).reports.schedule).toBe(true);
      writeJson(cwd, 'tracegrid.config.json', { reports: { schedule: true, dailyAt: '07:30', weeklyDay: 5, keepDays: 30, units: ['150100'] } });
      expect(loadConfig({ NODE_ENV: 'test' }, cwd).reports).toEqual({ schedule: true, dailyAt: '07:30', weeklyDay: 5, keepDays: 30, units: ['150100'] });
      for (const [reports, message] of [
        [{ dailyAt: '7:30' }, /reports\.dailyAt must be a time HH:MM/],
        [{ dailyAt: '24:00' }, /reports\.dailyAt/],
        [{ weeklyDay: 8 }, /reports\.weeklyDay must be a whole number from 1 to 7/],
        [{ keepDays: 0 }, /reports\.keepDays/],
        [{ units: '150100' }, /reports\.units must be a list of org unit codes/],
        [{ schedule: 'yes' }, /reports\.schedule must be true or false/],
      ] as const) {
        writeJson(cwd, 'tracegrid.config.json', { reports });
        expect(configError(() => loadConfig({}, cwd)).message).toMatch(message);
      }
    });

    it('retention: 28 days for every kind by default, TRACEGRID_RETENTION_DAYS for all, a kind its own in the file', () => {
      const cwd = tmpDir();
      const all = (n: number) => ({ checkpoint: n, community: n, floating: n, station: n });
      expect(loadConfig({}, cwd).retention).toEqual({ checkinDays: all(28), healthRecordDays: 28, schedule: true });
      expect(loadConfig({ NODE_ENV: 'test' }, cwd).retention.schedule).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test', TRACEGRID_RETENTION_SCHEDULE: 'true' }, cwd).retention.schedule).toBe(true);
      expect(loadConfig({ TRACEGRID_RETENTION_DAYS: '60' }, cwd).retention.checkinDays).toEqual(all(60));
      writeJson(cwd, 'tracegrid.config.json', { retention: { checkinDays: { station: 14 }, healthRecordDays: 90 } });
      expect(loadConfig({}, cwd).retention).toEqual({ checkinDays: { ...all(28), station: 14 }, healthRecordDays: 90, schedule: true });
      expect(loadConfig({ TRACEGRID_RETENTION_DAYS: '35' }, cwd).retention.checkinDays).toEqual({ ...all(35), station: 14 });
      writeJson(cwd, 'tracegrid.config.json', { retention: { checkinDays: { default: 21, community: 40 } } });
      expect(loadConfig({}, cwd).retention.checkinDays).toEqual({ ...all(21), community: 40 });
      for (const [retention, message] of [
        [{ checkinDays: { station: 0 } }, /retention\.checkinDays\.station must be a whole number from 1 to 3650/],
        [{ checkinDays: { airport: 7 } }, /retention\.checkinDays has unknown kinds: airport\. Known: default, checkpoint, community, floating, station/],
        [{ checkinDays: 14 }, /retention\.checkinDays must be an object of days per check-in kind/],
        [{ checkinDays: { default: 'x' } }, /retention\.checkinDays\.default must be a whole number/],
        [{ healthRecordDays: 0 }, /retention\.healthRecordDays must be a whole number from 1 to 3650/],
        [{ schedule: 'daily' }, /retention\.schedule must be true or false/],
      ] as const) {
        writeJson(cwd, 'tracegrid.config.json', { retention });
        expect(configError(() => loadConfig({}, cwd)).message).toMatch(message);
      }
      fs.rmSync(path.join(cwd, 'tracegrid.config.json'));
      expect(configError(() => loadConfig({ TRACEGRID_RETENTION_DAYS: '0' }, cwd)).message).toMatch(/TRACEGRID_RETENTION_DAYS must be a whole number from 1 to 3650/);
    });

    it('TRACEGRID_CONFIG names another file, relative to the working directory', () => {
      const cwd = tmpDir();
      fs.mkdirSync(path.join(cwd, 'etc'));
      writeJson(path.join(cwd, 'etc'), 'tg.json', { port: 4100 });
      expect(loadConfig({ TRACEGRID_CONFIG: 'etc/tg.json' }, cwd).port).toBe(4100);
    });

    it('TRACEGRID_CONFIG pointing nowhere is an error (not a silent fall-back to defaults)', () => {
      const cwd = tmpDir();
      const e = configError(() => loadConfig({ TRACEGRID_CONFIG: 'etc/missing.json' }, cwd));
      expect(e.message).toMatch(/TRACEGRID_CONFIG/);
      expect(e.message).toContain(path.join(cwd, 'etc', 'missing.json'));
    });
  });
});

describe('loadSecrets', () => {
  const sqliteConfig = (dataDir: string, env: Record<string, string> = {}): Config => loadConfig({ TRACEGRID_DATA_DIR: dataDir, ...env }, dataDir);
  const pgConfig = (dataDir: string, env: Record<string, string> = {}): Config =>
    loadConfig({ TRACEGRID_DATA_DIR: dataDir, DATABASE_URL: 'postgres://tg@127.0.0.1:5432/tg', ...env }, dataDir);
  const envKeys = () => ({ TRACEGRID_PII_KEYS: `k1:${b64()}`, TRACEGRID_INDEX_KEY: b64(), TRACEGRID_SESSION_SECRET: b64() });

  it('on SQLite with no keys given, creates a key file with mode 0600 in the data directory, and reads it back next time', () => {
    const dataDir = path.join(tmpDir(), 'not', 'yet', 'there');
    const first = loadSecrets(sqliteConfig(dataDir));
    const file = path.join(dataDir, 'keys.json');
    expect(first.created).toBe(true);
    expect(first.source).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.keyRing.keys.get(first.keyRing.activeKeyId)).toHaveLength(32);
    expect(first.indexKey).toHaveLength(32);
    expect(first.sessionSecret).toHaveLength(32);

    const second = loadSecrets(sqliteConfig(dataDir));
    expect(second.created).toBe(false);
    expect(second.indexKey.equals(first.indexKey)).toBe(true);
    expect(second.sessionSecret.equals(first.sessionSecret)).toBe(true);
    expect(second.keyRing.keys.get('k1')!.equals(first.keyRing.keys.get('k1')!)).toBe(true);
  });

  it('on PostgreSQL with no keys given, refuses to start and says how to give them (and writes no key file)', () => {
    const dataDir = tmpDir();
    const e = configError(() => loadSecrets(pgConfig(dataDir)));
    expect(e.message).toMatch(/TRACEGRID_KEY_FILE/);
    expect(e.message).toMatch(/TRACEGRID_PII_KEYS/);
    expect(fs.existsSync(path.join(dataDir, 'keys.json'))).toBe(false);
  });

  it('reads keys from the environment; the first PII key encrypts, all decrypt', () => {
    const env = { ...envKeys(), TRACEGRID_PII_KEYS: `k2:${b64()},k1:${b64()}` };
    const s = loadSecrets(pgConfig(tmpDir(), env));
    expect(s.source).toBe('environment');
    expect(s.keyRing.activeKeyId).toBe('k2');
    expect([...s.keyRing.keys.keys()].sort()).toEqual(['k1', 'k2']);
    expect(s.indexKey.equals(Buffer.from(env.TRACEGRID_INDEX_KEY, 'base64'))).toBe(true);
  });

  it('refuses environment keys that are only partly set, naming what is missing', () => {
    const dataDir = tmpDir();
    const { TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY } = envKeys();
    const one = configError(() => loadSecrets(pgConfig(dataDir, { TRACEGRID_PII_KEYS })));
    expect(one.message).toMatch(/missing: TRACEGRID_INDEX_KEY, TRACEGRID_SESSION_SECRET\.?$/);
    const two = configError(() => loadSecrets(sqliteConfig(dataDir, { TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY })));
    expect(two.message).toMatch(/missing: TRACEGRID_SESSION_SECRET\.?$/);
    // On SQLite a half-set environment must not fall back to a generated key file.
    expect(fs.existsSync(path.join(dataDir, 'keys.json'))).toBe(false);
  });

  it('refuses a key of the wrong length, naming it', () => {
    const dataDir = tmpDir();
    const shortIndex = configError(() => loadSecrets(pgConfig(dataDir, { ...envKeys(), TRACEGRID_INDEX_KEY: b64(16) })));
    expect(shortIndex.message).toMatch(/TRACEGRID_INDEX_KEY .*must be 32 bytes.*decodes to 16 bytes/);
    const longPii = configError(() => loadSecrets(pgConfig(dataDir, { ...envKeys(), TRACEGRID_PII_KEYS: `k1:${b64(48)}` })));
    expect(longPii.message).toMatch(/key k1 .*32 bytes.*48 bytes/);
  });

  it('refuses a malformed TRACEGRID_PII_KEYS, showing the expected form', () => {
    const e = configError(() => loadSecrets(pgConfig(tmpDir(), { ...envKeys(), TRACEGRID_PII_KEYS: b64() })));
    expect(e.message).toMatch(/TRACEGRID_PII_KEYS must look like "k1:BASE64KEY/);
  });

  it('refuses a key id that appears twice in TRACEGRID_PII_KEYS', () => {
    configError(() => loadSecrets(pgConfig(tmpDir(), { ...envKeys(), TRACEGRID_PII_KEYS: `k1:${b64()},k1:${b64()}` })));
  });

  it('reads an explicit TRACEGRID_KEY_FILE (also for PostgreSQL)', () => {
    const dir = tmpDir();
    const content = newKeyFileContent();
    const file = writeJson(dir, 'prod-keys.json', content);
    const s = loadSecrets(pgConfig(dir, { TRACEGRID_KEY_FILE: 'prod-keys.json' }));
    expect(s.source).toBe(file);
    expect(s.created).toBe(false);
    expect(s.indexKey.toString('base64')).toBe(content.indexKey);
  });

  it('refuses a TRACEGRID_KEY_FILE that does not exist, or that is damaged, naming the file', () => {
    const dir = tmpDir();
    const missing = configError(() => loadSecrets(pgConfig(dir, { TRACEGRID_KEY_FILE: 'nope.json' })));
    expect(missing.message).toMatch(/TRACEGRID_KEY_FILE/);
    expect(missing.message).toContain(path.join(dir, 'nope.json'));

    const broken = writeJson(dir, 'broken.json', '{"activePiiKeyId": "k1", ');
    expect(configError(() => loadSecrets(pgConfig(dir, { TRACEGRID_KEY_FILE: broken }))).message).toMatch(/Cannot read the key file .*broken\.json/);

    const incomplete = writeJson(dir, 'incomplete.json', { activePiiKeyId: 'k1', piiKeys: { k1: b64() } });
    expect(configError(() => loadSecrets(pgConfig(dir, { TRACEGRID_KEY_FILE: incomplete }))).message).toMatch(/must hold .*indexKey/);

    const wrongActive = writeJson(dir, 'wrong-active.json', { ...newKeyFileContent(), activePiiKeyId: 'k9' });
    expect(configError(() => loadSecrets(pgConfig(dir, { TRACEGRID_KEY_FILE: wrongActive }))).message).toMatch(/"k9", which is not among piiKeys/);

    const shortKey = writeJson(dir, 'short.json', { ...newKeyFileContent(), sessionSecret: b64(8) });
    expect(configError(() => loadSecrets(pgConfig(dir, { TRACEGRID_KEY_FILE: shortKey }))).message).toMatch(/sessionSecret .*32 bytes.*8 bytes/);
  });
});
