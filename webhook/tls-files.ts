// The serving certificate comes from files that change while the webhook runs (cert-manager renews it,
// kubelet swaps the Secret volume's `..data` symlink). New handshakes get the new pair through
// `server.setSecureContext`; connections already open keep theirs, so nothing is dropped. A pair that does
// not load (a half-written file, a key that does not match) is logged and the current one kept.
// https://nodejs.org/api/tls.html#serversetsecurecontextoptions
import { X509Certificate, createHash } from 'node:crypto';
import { type FSWatcher, type StatsListener, readFileSync, unwatchFile, watch, watchFile } from 'node:fs';
import { dirname } from 'node:path';
import { type SecureContextOptions, type SecureVersion, createSecureContext } from 'node:tls';
import type { Logger } from './request-log.js';
import { CIPHER_OPTIONS } from './tls-ciphers.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

/** Reads and checks a pair; throws with a message naming the file when it cannot serve. */
export function loadTlsPair(files: TlsFiles, minVersion: SecureVersion): TlsPair {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${path}: ${(error as Error).message.replace(/^E[A-Z]+: /, '')}`, { cause: error });
    }
  };
  const pair = { cert: read(files.certFile, 'certificate'), key: read(files.keyFile, 'key') };
  try {
    // Throws on unparsable PEM and on a key that does not belong to the certificate.
    createSecureContext(secureContextOptions(pair, minVersion));
  } catch (error) {
    throw new Error(`the TLS certificate ${files.certFile} and key ${files.keyFile} do not make a usable pair: ${(error as Error).message}`, { cause: error });
  }
  return pair;
}

/** Everything a secure context needs: a reload replaces the whole context, so the suites go with every pair. */
export function secureContextOptions(pair: TlsPair, minVersion: SecureVersion): SecureContextOptions {
  return { cert: pair.cert, key: pair.key, minVersion, ...CIPHER_OPTIONS };
}

/** Facts worth logging about a certificate (never the key). */
export function certificateFacts(cert: Buffer): { fingerprint256: string; notAfter: string; subject: string } {
  const x509 = new X509Certificate(cert);
  return { fingerprint256: x509.fingerprint256, notAfter: new Date(x509.validTo).toISOString(), subject: x509.subject.replace(/\n/g, ', ') };
}

export interface TlsReloaderOptions {
  files: TlsFiles;
  minVersion: SecureVersion;
  /** The server whose context is replaced. */
  target: { setSecureContext(options: SecureContextOptions): void };
  /** The pair the server was started with. */
  initial: TlsPair;
  logger: Logger;
  /** Several events arrive for one renewal (cert, then key; a symlink swap): act once they settle. */
  debounceMs?: number;
  /** stat() polling as a backstop for filesystems where fs.watch sees nothing (some volume types, NFS). */
  pollIntervalMs?: number;
  /** Told of every applied pair and every distinct rejected change (`pair` is absent when the files could not be read). */
  onReload?: (result: 'applied' | 'rejected', pair?: TlsPair) => void;
}

const digest = (pair: TlsPair) => createHash('sha256').update(pair.cert).update('\0').update(pair.key).digest('hex');

export class TlsReloader {
  private current: string;
  private lastRejected: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly watchers: FSWatcher[] = [];
  private readonly pollers: Array<[string, StatsListener]> = [];
  private closed = false;

  constructor(private readonly options: TlsReloaderOptions) {
    this.current = digest(options.initial);
    // Watch the folders, not the files: an atomic replace (rename, symlink swap) leaves a watch on the old inode.
    for (const dir of new Set([dirname(options.files.certFile), dirname(options.files.keyFile)])) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.schedule());
        watcher.on('error', (error) => options.logger.warn('tls watch failed; polling only', { dir, error: error.message }));
        this.watchers.push(watcher);
      } catch (error) {
        options.logger.warn('tls watch failed; polling only', { dir, error: (error as Error).message });
      }
    }
    for (const path of new Set([options.files.certFile, options.files.keyFile])) {
      const listener: StatsListener = (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) this.schedule();
      };
      watchFile(path, { persistent: false, interval: options.pollIntervalMs ?? 2000 }, listener);
      this.pollers.push([path, listener]);
    }
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), this.options.debounceMs ?? 250);
    this.timer.unref();
  }

  /** Loads the files now; returns what happened. Public so an operator signal or a test can force it. */
  reload(): 'applied' | 'rejected' | 'unchanged' {
    const { files, minVersion, logger } = this.options;
    let pair: TlsPair;
    try {
      pair = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
    } catch (error) {
      return this.reject(undefined, (error as Error).message);
    }
    const id = digest(pair);
    if (id === this.current) return 'unchanged';
    try {
      const options = secureContextOptions(pair, minVersion);
      createSecureContext(options); // validate first: setSecureContext on a bad pair would fail every later handshake
      this.options.target.setSecureContext(options);
    } catch (error) {
      return this.reject(id, (error as Error).message, pair);
    }
    this.current = id;
    this.lastRejected = undefined;
    logger.info('tls certificate reloaded', { certFile: files.certFile, ...certificateFacts(pair.cert) });
    this.options.onReload?.('applied', pair);
    return 'applied';
  }

  private reject(id: string | undefined, reason: string, pair?: TlsPair): 'rejected' {
    // A renewal writes the certificate and the key one after the other: say so once per distinct bad pair.
    if (id === undefined || id !== this.lastRejected) {
      this.options.logger.warn('tls files changed but do not load; still serving the previous certificate', {
        certFile: this.options.files.certFile,
        keyFile: this.options.files.keyFile,
        error: reason,
      });
      this.options.onReload?.('rejected', pair);
    }
    this.lastRejected = id;
    return 'rejected';
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    for (const [path, listener] of this.pollers) unwatchFile(path, listener);
  }
}
