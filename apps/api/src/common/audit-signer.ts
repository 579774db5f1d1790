import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type AuditKeysDto, stableStringify } from '@review/shared';

/** What a head signature covers: the report's audit chain up to its last event. */
export interface ChainHead {
  reportId: string;
  events: number;
  headHash: string;
}

export interface SignedHead extends ChainHead {
  keyId: string;
  signature: string;
}

/** A key's id: the first 16 hex digits of the SHA-256 of its public key (DER). */
function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

const message = (head: ChainHead) => Buffer.from(stableStringify({ events: head.events, headHash: head.headHash, reportId: head.reportId }));

/**
 * The server's Ed25519 key for the audit trail. It signs each report's chain head (report id,
 * event count, head hash) whenever the chain moves; it lives in a file, never in the database, so
 * that whoever can write the database can neither re-sign a rewritten chain nor hide a cut-off
 * tail. Earlier keys' public halves (AUDIT_TRUSTED_KEYS_FILE) still verify what they signed.
 */
export class AuditSigner {
  readonly keyId: string;
  private readonly trusted: Map<string, KeyObject>;

  private constructor(
    private readonly privateKey: KeyObject,
    trusted: KeyObject[],
  ) {
    const publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(publicKey);
    this.trusted = new Map([[this.keyId, publicKey], ...trusted.map((k): [string, KeyObject] => [keyIdOf(k), k])]);
  }

  /** The key in `keyFile` (made there, readable by the owner only, if it does not exist yet). */
  static load(keyFile: string, trustedKeysFile?: string): AuditSigner {
    let pem: string;
    try {
      pem = readFileSync(keyFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(path.dirname(keyFile), { recursive: true });
      try {
        writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (raced) {
        // Another node on the same data directory made it first: use theirs.
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      }
      pem = readFileSync(keyFile, 'utf8');
    }
    const trusted = trustedKeysFile ? splitPem(readFileSync(trustedKeysFile, 'utf8')).map((k) => createPublicKey(k)) : [];
    return new AuditSigner(createPrivateKey(pem), trusted);
  }

  /** The public keys that check anchors (this server's first), to hand to whoever checks a printed report later. */
  keys(): AuditKeysDto {
    return {
      current: this.keyId,
      keys: [...this.trusted].map(([keyId, key]) => ({ keyId, publicKeyPem: String(key.export({ type: 'spki', format: 'pem' })) })),
    };
  }

  sign(head: ChainHead): SignedHead {
    return { ...head, keyId: this.keyId, signature: sign(null, message(head), this.privateKey).toString('base64') };
  }

  /** Whether a key with that id checks signatures here (this server's or a trusted earlier one). */
  trusts(keyId: string): boolean {
    return this.trusted.has(keyId);
  }

  /** true: signed by a trusted key; false: the signature does not match; 'unknown_key': no trusted key has that id. */
  check(head: SignedHead): boolean | 'unknown_key' {
    const key = this.trusted.get(head.keyId);
    if (!key) return 'unknown_key';
    try {
      return verify(null, message(head), key, Buffer.from(head.signature, 'base64'));
    } catch {
      return false;
    }
  }
}

function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [];
}
