// A private CA and a server certificate for localhost, so `npm start` and the tests speak real TLS the
// way the API server does (it only calls webhooks over HTTPS, trusting the caBundle it was given). Keys
// are made by node's crypto (native, fast); node-forge builds and signs the X.509 certificates, which node
// itself cannot. Never for production: there cert-manager or the chart's own certificate are used.
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface DevCertificateFiles {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEV_HOSTS = ['localhost', '127.0.0.1', '::1'];

function newKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; keyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    privateKey: forge.pki.privateKeyFromPem(keyPem),
    keyPem,
  };
}

/** A positive 128-bit serial (RFC 5280 4.1.2.2): the top bit clear so DER does not read it as negative. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function baseCertificate(publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  // An hour of slack for clocks that disagree a little.
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  return cert;
}

export function createCertificateAuthority(commonName = 'mdbkit development CA', days = 365): PemPair {
  const keys = newKeyPair();
  const cert = baseCertificate(keys.publicKey, days);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'mdbkit' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/** A server certificate for `hosts` (DNS names and IP addresses) signed by `ca`. 90 days: under every browser and tool's limit. */
export function issueServerCertificate(ca: PemPair, hosts: readonly string[] = DEV_HOSTS, days = 90): PemPair {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = newKeyPair();
  const cert = baseCertificate(keys.publicKey, days);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // Clients match the name against subjectAltName only (RFC 6125); the common name is ignored.
    { name: 'subjectAltName', altNames: hosts.map((host) => (isIP(host) ? { type: 7, ip: host } : { type: 2, value: host })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

export function devCertificateFiles(dir: string): DevCertificateFiles {
  return { dir, caFile: join(dir, 'ca.crt'), certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
}

/** Private keys readable by their owner only; certificates are public. */
export function writePem(path: string, pem: string, secret: boolean): void {
  writeFileSync(path, pem, { mode: secret ? 0o600 : 0o644 });
  chmodSync(path, secret ? 0o600 : 0o644); // writeFileSync's mode only applies when it creates the file
}

/** Whether the files in `dir` still make a usable pair: the server certificate issued by the CA, for every dev host, valid for a day more. */
function usable(files: DevCertificateFiles): boolean {
  try {
    const ca = new X509Certificate(readFileSync(files.caFile));
    const cert = new X509Certificate(readFileSync(files.certFile));
    const key = readFileSync(files.keyFile, 'utf8');
    const soon = Date.now() + DAY_MS;
    return (
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      cert.checkPrivateKey(createPrivateKey(key)) &&
      new Date(cert.validTo).getTime() > soon &&
      new Date(ca.validTo).getTime() > soon &&
      DEV_HOSTS.every((host) => (isIP(host) ? cert.checkIP(host) : cert.checkHost(host)) !== undefined)
    );
  } catch {
    return false;
  }
}

/**
 * The development CA and server certificate in `dir` (made once, reused while they are valid). The CA's
 * key is kept beside it only so that a later run can re-issue the server certificate the same CA signs.
 */
export function ensureDevCertificate(dir: string): { files: DevCertificateFiles; created: boolean } {
  const files = devCertificateFiles(dir);
  if (usable(files)) return { files, created: false };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKeyFile = join(dir, 'ca.key');
  let ca: PemPair | undefined;
  if (existsSync(files.caFile) && existsSync(caKeyFile)) {
    try {
      const candidate = { certPem: readFileSync(files.caFile, 'utf8'), keyPem: readFileSync(caKeyFile, 'utf8') };
      const caCert = new X509Certificate(candidate.certPem);
      if (caCert.checkPrivateKey(createPrivateKey(candidate.keyPem)) && new Date(caCert.validTo).getTime() > Date.now() + 30 * DAY_MS) ca = candidate;
    } catch {
      ca = undefined;
    }
  }
  if (!ca) {
    ca = createCertificateAuthority();
    writePem(caKeyFile, ca.keyPem, true);
    writePem(files.caFile, ca.certPem, false);
  }
  const server = issueServerCertificate(ca);
  writePem(files.keyFile, server.keyPem, true);
  writePem(files.certFile, server.certPem, false);
  return { files, created: true };
}
