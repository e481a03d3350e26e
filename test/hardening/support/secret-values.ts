// Values that look like the secrets people put in manifests by mistake (passwords, cloud keys, tokens, DSNs), and
// every way one could show up in text: as written, base64 (a Secret's data, a JSON Patch), JSON-escaped, and
// URL-encoded.

export const SECRETS = {
  password: 'Sup3r-S3cret-Passw0rd-7f3a',
  numericPassword: 84729103561,
  awsAccessKey: 'AKIAQ4EXAMPLE7MDBKIT',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYmdbkitKEY',
  githubToken: 'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZGJraXQtaGFyZGVuaW5nIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ',
  privateKey: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjmdbkit',
  dsn: 'mysql://root:hunter2-dsn-secret@db:3306/app',
  bearerToken: 'kube-bearer-3f9c2b7a5e1d4c8f',
  apiServerMessage: 'etcd-says-password=Leaked-From-Status-91',
} as const;

/** Every text form of every secret that must never appear in a log. */
export function secretForms(): Array<{ name: string; form: string }> {
  const out: Array<{ name: string; form: string }> = [];
  for (const [name, value] of Object.entries(SECRETS)) {
    const text = String(value);
    const forms = new Set([text, Buffer.from(text).toString('base64'), JSON.stringify(text).slice(1, -1), encodeURIComponent(text)]);
    // base64 of the value inside a longer text starts at any of three alignments: the middle stays recognisable.
    for (const prefix of ['', 'x', 'xx'])
      forms.add(
        Buffer.from(prefix + text)
          .toString('base64')
          .slice(4, -4),
      );
    for (const form of forms) if (form.length >= 8) out.push({ name, form });
  }
  return out;
}

/** The secrets found in `text`, by name and form; empty when none is. */
export function secretsIn(text: string): string[] {
  return secretForms()
    .filter(({ form }) => text.includes(form))
    .map(({ name, form }) => `${name} (as ${JSON.stringify(form.slice(0, 24))})`);
}
