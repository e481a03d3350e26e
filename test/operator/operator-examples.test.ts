// The mariadb-operator's own example manifests, at each imported release, are what its users copy: linted for
// the operator version of that release they must raise no error, and mdbkit must check (not skip) every one of
// the operator's documents. The few examples the operator's own CRD rejects are listed, each with why, and the
// test proves the rejection against that CRD rather than taking the table's word for it.
// (The enterprise seed examples, test/fixtures/examples/seed-000-maxscale/, are linted by test/cli/binary.test.ts
// and schema-checked by test/schemas/examples.test.ts.)
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { CliIO } from '../../cli/command.js';
import type { LintResult } from '../../cli/finding.js';
import { lintManifests } from '../../cli/lint-run.js';
import { run, processIO } from '../../cli/main.js';
import { parseManifests, type ManifestFile } from '../../cli/read-manifests.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { parseOperatorVersionChoice, readOperatorVersions } from '../../kinds/operator-versions.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { SchemaValidator } from '../../policies/schema-validator.js';

const Ajv = AjvModule.default;

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'mariadb-operator');
const EXAMPLE_DIRS = ['examples/manifests', 'config/samples'];
const OPERATOR_GROUP = 'k8s.mariadb.com';

interface Exception {
  file: string;
  /** The document within the file; the first when absent. */
  index?: number;
  /** The tags whose copy of the file is an exception; every tag that has the file when absent. */
  tags?: string[];
  why: string;
  /** What the operator's CRD says about the document: `<instance path> <keyword> <detail>`, sorted. */
  rejected: string[];
}

/** Examples the operator's own CRD (with kubectl's default strict field validation) rejects, so mdbkit rightly does too. */
const EXCEPTIONS: Exception[] = [
  {
    file: 'examples/manifests/cross-namespace/mariadb.yaml',
    why: 'an old MariaDB shape: spec.image as an object (repository, tag, pullPolicy), spec.volumeClaimTemplate instead of spec.storage, and spec.service.annotations instead of spec.service.metadata.annotations',
    rejected: ['/spec additionalProperties volumeClaimTemplate', '/spec/image type string', '/spec/service additionalProperties annotations'],
  },
  {
    file: 'examples/manifests/restore_specific_database.yaml',
    why: 'spec.databases is not a Restore field (the operator has spec.database): a lenient API server drops it and the Restore restores every database',
    rejected: ['/spec additionalProperties databases'],
  },
  {
    file: 'config/samples/pointintimerecovery.yaml',
    tags: ['v26.6.0'],
    why: 'spec.s3 sits directly under spec; the operator wants it under spec.storage, which it requires',
    rejected: ['/spec additionalProperties s3', '/spec required storage'],
  },
];

/**
 * Examples the operator's CRD accepts but its own webhook refuses (a Validate method): mdbkit reports exactly
 * the rule that carries that check, and nothing else, on them.
 */
const WEBHOOK_EXCEPTIONS: Array<{ file: string; tags?: string[]; why: string; rules: string[] }> = [
  {
    file: 'examples/manifests/physicalbackup_abs.yaml',
    tags: ['v26.6.0'],
    why: "PhysicalBackup.Validate refuses spec.stagingStorage unless spec.storage.s3 is set, and this example stages an azureBlob backup: the operator's webhook denies it",
    rules: ['physicalbackup/staging-storage-requires-s3'],
  },
];

interface OpenApi {
  properties?: Record<string, OpenApi>;
  additionalProperties?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  [keyword: string]: unknown;
}

/**
 * The CRD's structural schema as the API server applies it to a create with kubectl's default strict field
 * validation: the same keywords (ajv reads OpenAPI's as JSON Schema's; x-kubernetes-* are ignored, CEL rules
 * are not evaluated), and a field not listed is an error rather than pruned.
 */
function asStrictJsonSchema(node: OpenApi): OpenApi {
  const out: OpenApi = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, OpenApi>).map(([n, s]) => [n, asStrictJsonSchema(s)]));
    else if (Array.isArray(value)) out[key] = value.map((v: unknown) => (v !== null && typeof v === 'object' ? asStrictJsonSchema(v as OpenApi) : v));
    else if (value !== null && typeof value === 'object') out[key] = asStrictJsonSchema(value as OpenApi);
    else out[key] = value;
  }
  if (node.properties && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

interface OperatorCrd {
  spec: { group: string; names: { kind: string }; versions: Array<{ name: string; storage: boolean; schema: { openAPIV3Schema: OpenApi } }> };
}

/** The operator's CRDs of a tag, as validators by `apiVersion kind`. */
function operatorValidators(tag: string): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const out = new Map<string, ValidateFunction>();
  const dir = join(FIXTURES, tag, 'crds');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const crd = parse(readFileSync(join(dir, file), 'utf8')) as OperatorCrd;
    for (const version of crd.spec.versions) {
      out.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, ajv.compile(asStrictJsonSchema(version.schema.openAPIV3Schema)));
    }
  }
  return out;
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const detail: unknown = params.additionalProperty ?? params.missingProperty ?? params.type ?? params.allowedValues ?? '';
  return `${error.instancePath || '/'} ${error.keyword} ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`.trim();
}

function yamlFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return yamlFilesBelow(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    });
}

function isOperatorDocument(object: unknown): object is { apiVersion: string; kind: string } {
  const { apiVersion, kind } = (object ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' && typeof kind === 'string' && /^[a-z0-9.-]+\.mariadb\.com\//.test(apiVersion);
}

const versions = readOperatorVersions();
const schemas = loadSchemas();
const tags = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("the operator's own examples pass mdbkit at their operator version", () => {
  for (const tag of tags) {
    const version = [...versions.tags].find(([, t]) => t === tag)?.[0];

    describe(`${tag} (operator ${version ?? '?'} for ${OPERATOR_GROUP})`, () => {
      const root = join(FIXTURES, tag);
      const files: ManifestFile[] = EXAMPLE_DIRS.flatMap((dir) => yamlFilesBelow(join(root, dir))).map((path) =>
        parseManifests(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8')),
      );
      const exceptions = EXCEPTIONS.filter((e) => !e.tags || e.tags.includes(tag));
      const exceptionAt = (file: string, index: number) => exceptions.find((e) => e.file === file && (e.index ?? 0) === index);
      let result: LintResult;

      before(async () => {
        assert.ok(version, `${tag} is not the tag of any version in schemas/operator-versions.json`);
        const choice = parseOperatorVersionChoice(versions, [`${OPERATOR_GROUP}=${version}`]);
        result = await lintManifests(files, createPolicyEngine(new SchemaValidator(schemas, choice)));
      });

      it('finds the examples of both folders', () => {
        for (const dir of EXAMPLE_DIRS) assert.ok(files.filter((f) => f.file.startsWith(`${dir}/`)).length > 0, `no YAML files below ${dir}`);
        assert.equal(result.documents.length, files.flatMap((f) => f.documents).length);
      });

      for (const { file, documents } of files) {
        const plain = documents.filter((d) => !exceptionAt(file, d.index));
        if (plain.length === 0) continue;
        const refusedBy = WEBHOOK_EXCEPTIONS.find((e) => e.file === file && (!e.tags || e.tags.includes(tag)));
        it(`${file}: no error${refusedBy ? ` but ${refusedBy.rules.join(', ')} (${refusedBy.why})` : ''}, and every MariaDB-operator document checked`, () => {
          const fileErrors = result.findings.filter(
            (f) => f.file === file && f.severity === 'error' && !(f.document !== undefined && exceptionAt(file, f.document)),
          );
          const errors = fileErrors.filter((f) => !refusedBy?.rules.includes(f.rule)).map((f) => `${f.line}:${f.column} ${f.path} [${f.rule}] ${f.message}`);
          assert.deepEqual(errors, []);
          for (const rule of refusedBy?.rules ?? [])
            assert.ok(
              fileErrors.some((f) => f.rule === rule),
              `${rule} should refuse it, as the operator's webhook does`,
            );
          const notChecked = result.documents
            .filter((d) => d.file === file && isOperatorDocument(d) && d.status !== 'checked')
            .map((d) => `${d.kind} ${d.name ?? ''} (document ${d.index + 1}): ${d.status}${d.note ? `: ${d.note}` : ''}`);
          assert.deepEqual(notChecked, []);
        });
      }

      for (const exception of exceptions) {
        const index = exception.index ?? 0;
        it(`${exception.file}#${index} is a named exception the operator's own CRD rejects too: ${exception.why}`, () => {
          const document = files.find((f) => f.file === exception.file)?.documents.find((d) => d.index === index);
          assert.ok(document, `${exception.file} has no document ${index + 1} in ${tag}: remove the exception`);
          const object = document.object as { apiVersion: string; kind: string };
          const validate = operatorValidators(tag).get(`${object.apiVersion} ${object.kind}`);
          assert.ok(validate, `the operator has no CRD for ${object.apiVersion} ${object.kind} at ${tag}`);
          assert.equal(validate(object), false, "the operator's CRD accepts it: it is no exception");
          assert.deepEqual((validate.errors ?? []).map(describeError).sort(), exception.rejected);
          // mdbkit must not be laxer than the operator: it reports an error on the document, and still checks it.
          const outcome = result.documents.find((d) => d.file === exception.file && d.index === index);
          assert.equal(outcome?.status, 'checked', outcome?.note);
          assert.ok(
            result.findings.some((f) => f.file === exception.file && f.document === index && f.severity === 'error'),
            'mdbkit reports no error on a document the operator rejects',
          );
        });
      }

      it("the operator's own CRDs accept every other example, so the exceptions are exactly what the operator rejects", () => {
        const validators = operatorValidators(tag);
        const rejected: string[] = [];
        for (const { file, documents } of files) {
          for (const { index, object } of documents) {
            if (!isOperatorDocument(object) || exceptionAt(file, index)) continue;
            const validate = validators.get(`${object.apiVersion} ${object.kind}`);
            if (!validate) rejected.push(`${file}#${index}: no operator CRD for ${object.apiVersion} ${object.kind}`);
            else if (!validate(object)) rejected.push(`${file}#${index}: ${(validate.errors ?? []).map(describeError).join('; ')}`);
          }
        }
        assert.deepEqual(rejected, []);
      });
    });
  }
});

describe('mdbkit lint --operator-version', () => {
  // A 25.10 example whose MariaDB still declares the embedded spec.maxScale that 25.10.3 and 26.x removed.
  const example = 'test/fixtures/mariadb-operator/v25.10.2/examples/manifests/mariadb_galera_maxscale.yaml';

  async function lint(...args: string[]) {
    const out = { stdout: '', stderr: '' };
    const io: CliIO = {
      ...processIO(),
      stdin: Readable.from([]),
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      cwd: PROJECT_ROOT,
      env: {},
    };
    const status = await run(['lint', '--output', 'json', ...args], io);
    const findings =
      status === 2 ? [] : (JSON.parse(out.stdout) as { findings: Array<{ rule: string; path: string; severity: string; message: string }> }).findings;
    return { status, findings, stderr: out.stderr };
  }

  it(`judges ${OPERATOR_GROUP} at its default, 26.6, without the flag: spec.maxScale is gone there`, async () => {
    const { status, findings } = await lint(example);
    const gone = findings.filter((f) => f.rule === 'schema/not-in-operator-version');
    assert.deepEqual(
      gone.map((f) => [f.path, f.severity]),
      [['spec.maxScale', 'error']],
    );
    assert.match(gone[0]!.message, /25\.10/);
    assert.equal(status, 1);
  });

  for (const flag of [`${OPERATOR_GROUP}=25.10`, '25.10']) {
    it(`judges it at 25.10 with --operator-version ${flag}: spec.maxScale is a field there`, async () => {
      const { status, findings, stderr } = await lint('--operator-version', flag, example);
      assert.equal(status, 0, `exit ${status}: ${stderr}`);
      assert.deepEqual(
        findings.filter((f) => f.severity === 'error'),
        [],
      );
    });
  }

  it('refuses a version it does not know, listing those it does', async () => {
    const { status, stderr } = await lint('--operator-version', '27.1', example);
    assert.equal(status, 2);
    assert.match(stderr, /27\.1/);
    assert.match(stderr, /25\.10/);
    assert.match(stderr, /26\.6/);
  });
});
