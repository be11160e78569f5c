// Secrets (PII keys, blind-index key, session secret): from the environment or a key file. On the embedded
// default a key file is created in the data directory (mode 0600) so a first start needs no set-up.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from './errors.ts';
import type { KeyRing } from './crypto.ts';

export interface Secrets {
  keyRing: KeyRing;
  indexKey: Buffer;
  sessionSecret: Buffer;
  /** Where they came from, for the start-up log. */
  source: string;
  created: boolean;
}

interface KeyFile {
  activePiiKeyId: string;
  piiKeys: Record<string, string>;
  indexKey: string;
  sessionSecret: string;
}

function decodeKey(what: string, b64: string, where: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${what} in ${where} must be 32 bytes in base64 (44 characters); it decodes to ${key.length} bytes.`);
  }
  return key;
}

function fromKeyFile(file: string): Secrets {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (e) {
    throw new ConfigError(`Cannot read the key file ${file}: ${(e as Error).message}. Fix or restore it; a new key cannot read old data.`);
  }
  if (!parsed || typeof parsed.piiKeys !== 'object' || !parsed.activePiiKeyId || !parsed.indexKey || !parsed.sessionSecret) {
    throw new ConfigError(`The key file ${file} must hold activePiiKeyId, piiKeys, indexKey and sessionSecret.`);
  }
  const keys = new Map(Object.entries(parsed.piiKeys).map(([id, k]) => [id, decodeKey(`piiKeys.${id}`, k, file)]));
  if (!keys.has(parsed.activePiiKeyId)) {
    throw new ConfigError(`The key file ${file} names activePiiKeyId "${parsed.activePiiKeyId}", which is not among piiKeys.`);
  }
  return {
    keyRing: { keys, activeKeyId: parsed.activePiiKeyId },
    indexKey: decodeKey('indexKey', parsed.indexKey, file),
    sessionSecret: decodeKey('sessionSecret', parsed.sessionSecret, file),
    source: file,
    created: false,
  };
}

function fromEnv(env: Config['keysFromEnv']): Secrets {
  const missing = (['piiKeys', 'indexKey', 'sessionSecret'] as const).filter((k) => !env[k]);
  if (missing.length) {
    const names = { piiKeys: 'TRACEGRID_PII_KEYS', indexKey: 'TRACEGRID_INDEX_KEY', sessionSecret: 'TRACEGRID_SESSION_SECRET' };
    throw new ConfigError(`Set all of TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY and TRACEGRID_SESSION_SECRET, or none; missing: ${missing.map((m) => names[m]).join(', ')}.`);
  }
  // "k2:BASE64,k1:BASE64": the first key encrypts, all decrypt (rotation adds a key in front).
  const entries = env.piiKeys!.split(',').map((pair) => {
    const [id, b64] = pair.split(':');
    if (!id || !b64 || !/^[A-Za-z0-9_-]{1,16}$/.test(id)) {
      throw new ConfigError('TRACEGRID_PII_KEYS must look like "k1:BASE64KEY[,k0:BASE64KEY]" with short key ids.');
    }
    return [id, decodeKey(`key ${id}`, b64, 'TRACEGRID_PII_KEYS')] as const;
  });
  const ids = entries.map(([id]) => id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new ConfigError(`TRACEGRID_PII_KEYS names key id "${twice}" twice; each key needs its own id.`);
  return {
    keyRing: { keys: new Map(entries), activeKeyId: entries[0][0] },
    indexKey: decodeKey('TRACEGRID_INDEX_KEY', env.indexKey!, 'the environment'),
    sessionSecret: decodeKey('TRACEGRID_SESSION_SECRET', env.sessionSecret!, 'the environment'),
    source: 'environment',
    created: false,
  };
}

export function newKeyFileContent(): KeyFile {
  const k = () => crypto.randomBytes(32).toString('base64');
  return { activePiiKeyId: 'k1', piiKeys: { k1: k() }, indexKey: k(), sessionSecret: k() };
}

export function loadSecrets(config: Config): Secrets {
  const env = config.keysFromEnv;
  if (env.piiKeys || env.indexKey || env.sessionSecret) return fromEnv(env);
  if (config.keyFile) {
    if (!fs.existsSync(config.keyFile)) throw new ConfigError(`TRACEGRID_KEY_FILE points to ${config.keyFile}, which does not exist.`);
    return fromKeyFile(config.keyFile);
  }
  const file = path.join(config.dataDir, 'keys.json');
  if (fs.existsSync(file)) return fromKeyFile(file);
  if (config.database.kind === 'postgres') {
    throw new ConfigError('With PostgreSQL, give the keys explicitly: TRACEGRID_KEY_FILE, or TRACEGRID_PII_KEYS, TRACEGRID_INDEX_KEY and TRACEGRID_SESSION_SECRET. Every instance must share them.');
  }
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(newKeyFileContent(), null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    throw new ConfigError(`Cannot create the key file ${file}: ${(e as Error).message}. Check TRACEGRID_DATA_DIR (${config.dataDir}) and its permissions.`);
  }
  return { ...fromKeyFile(file), created: true };
}
