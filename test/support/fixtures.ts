// Reads the fixtures copied into test/fixtures (a user's clone has no ../shared).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface ManifestFixture {
  file: string;
  index: number;
  object: Record<string, unknown>;
}

/** Every YAML document of every *.yaml / *.yml file in a fixture folder, in file order. */
export function manifestsIn(folder: string): ManifestFixture[] {
  const dir = join(FIXTURES_DIR, folder);
  const out: ManifestFixture[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).forEach((doc, index) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const object = doc.toJS() as Record<string, unknown> | null;
      if (object) out.push({ file, index, object });
    });
  }
  return out;
}

export interface AdmissionFixture {
  file: string;
  /** The URL the API server called: `/mutate?timeout=5s` or `/validate?timeout=5s`. */
  path: string;
  headers: Record<string, string>;
  body: {
    apiVersion: string;
    kind: string;
    request: {
      uid: string;
      operation: string;
      dryRun?: boolean;
      subResource?: string;
      object: Record<string, unknown> | null;
      oldObject: Record<string, unknown> | null;
      kind: { kind: string };
    };
  };
}

export function admissionRequests(): AdmissionFixture[] {
  const dir = join(FIXTURES_DIR, 'admission-v1.26');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.request.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<AdmissionFixture, 'file'>) }));
}
