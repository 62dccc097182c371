import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** How a sealed secret starts: the format's version, so a later key rotation can tell old from new. */
const PREFIX = 'v1';

/**
 * Seals and opens the venues' Pushed app secrets with AES-256-GCM under one key from the environment,
 * so a copy of the database (a backup, a dump) holds no usable secret. Each secret is bound to its
 * venue (the venue id is the authenticated data): a sealed secret moved to another venue does not open.
 */
export function secretBox(key: Buffer) {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes.');
  return {
    seal(secret: string, venueId: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(venueId));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [PREFIX, iv, sealed, cipher.getAuthTag()]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    /** The secret, or null when it does not open with this key (another key, another venue, altered). */
    open(sealed: string, venueId: string): string | null {
      const [prefix, iv, data, tag] = sealed.split('.');
      if (prefix !== PREFIX || !iv || data === undefined || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(venueId));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
export type SecretBox = ReturnType<typeof secretBox>;

/** What to tell whoever runs the server when the key is missing or malformed. */
const HOW = 'a base64 value of 32 random bytes, e.g. from `openssl rand -base64 32`';

/**
 * The key from WAITBELL_SECRET_KEY (base64 of 32 bytes) or the file named by WAITBELL_SECRET_KEY_FILE
 * (systemd's LoadCredential=). Throws in words, never echoing what was given.
 */
export function secretKeyFromEnv(env: NodeJS.ProcessEnv): Buffer {
  let text = env.WAITBELL_SECRET_KEY;
  if (!text && env.WAITBELL_SECRET_KEY_FILE) {
    try {
      text = readFileSync(env.WAITBELL_SECRET_KEY_FILE, 'utf8');
    } catch {
      throw new Error('WAITBELL_SECRET_KEY_FILE cannot be read.');
    }
  }
  if (!text)
    throw new Error(
      `The server needs WAITBELL_SECRET_KEY (or WAITBELL_SECRET_KEY_FILE) to keep the venues' Pushed secrets encrypted: ${HOW}.`,
    );
  const key = Buffer.from(text.trim(), 'base64');
  const where = env.WAITBELL_SECRET_KEY ? 'WAITBELL_SECRET_KEY' : 'The file named by WAITBELL_SECRET_KEY_FILE';
  if (key.length !== 32) throw new Error(`${where} must hold ${HOW}.`);
  return key;
}
