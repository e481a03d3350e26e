// The imported base schemas are what the importer makes of the operator's CRDs kept in the fixtures, byte for
// byte: a hand edit of schemas/_imported/, an importer change not followed by a re-import, or a fixture CRD
// touched without re-importing all fail here, in a clone of mdbkit that has no checkout of the operator.
// The operator's files are its work under the MIT licence, so each tag's copy must carry that licence and
// say where it came from (https://github.com/mariadb-operator/mariadb-operator/blob/main/LICENSE).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { baseSchemasOf } from '../../generator/operator-import/import-tag.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'mariadb-operator');
const IMPORTED = join(PROJECT_ROOT, 'schemas', '_imported', 'mariadb-operator');
/** Where the operator keeps its CRDs; the base schemas name their source file by this path. */
const OPERATOR_CRD_DIR = 'config/crd/bases';
const OPERATOR_REPOSITORY = 'https://github.com/mariadb-operator/mariadb-operator';

function foldersIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

interface Source {
  repository: string;
  tag: string;
  commit: string;
  file: string;
  licence: string;
}

function sourceOf(text: string): Source {
  return (JSON.parse(text) as { 'x-mdbkit-source': Source })['x-mdbkit-source'];
}

/** The first line where two texts part, for a message a person can act on (a whole-file diff would be megabytes). */
function firstDifference(committed: string, recomputed: string): string {
  const a = committed.split('\n');
  const b = recomputed.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '<end of file>')}, re-import gives ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

const tags = foldersIn(FIXTURES);

describe('imported operator schemas are current', () => {
  it('has fixtures for exactly the tags it imported, and at least one', () => {
    assert.ok(tags.length > 0, `no tag folders in ${FIXTURES}`);
    assert.deepEqual(foldersIn(IMPORTED), tags);
  });

  for (const tag of tags) {
    describe(tag, () => {
      const fixtureDir = join(FIXTURES, tag);
      const schemaDir = join(IMPORTED, tag);
      const committedFiles = existsSync(schemaDir) ? readdirSync(schemaDir).sort() : [];
      const committed = new Map(committedFiles.map((name) => [name, readFileSync(join(schemaDir, name), 'utf8')]));

      it('re-importing the fixture CRDs gives the committed base schemas, byte for byte', () => {
        assert.ok(committed.size > 0, `schemas/_imported/mariadb-operator/${tag} is empty or missing`);
        const commits = new Set([...committed.values()].map((text) => sourceOf(text).commit));
        assert.equal(commits.size, 1, `the base schemas of ${tag} name different commits: ${[...commits].join(', ')}`);
        const [commit] = commits;
        const crdDir = join(fixtureDir, 'crds');
        const crds = new Map(
          readdirSync(crdDir)
            .filter((name) => name.endsWith('.yaml'))
            .map((name) => [`${OPERATOR_CRD_DIR}/${name}`, readFileSync(join(crdDir, name), 'utf8')]),
        );
        assert.ok(crds.size > 0, `no CRDs in ${crdDir}`);

        const recomputed = baseSchemasOf(tag, commit!, crds, parse);

        assert.deepEqual([...recomputed.keys()].sort(), committedFiles, 'the same files, no more and no fewer');
        for (const [name, text] of recomputed) {
          const had = committed.get(name)!;
          assert.ok(
            had === text,
            `schemas/_imported/mariadb-operator/${tag}/${name} is not what the importer makes of the fixture CRD: ${firstDifference(had, text)}`,
          );
        }
      });

      it("each base schema names the tag, the operator's repository, its CRD file, the MIT licence and a full commit", () => {
        for (const [name, text] of committed) {
          const source = sourceOf(text);
          assert.ok(source, `${name} has no x-mdbkit-source`);
          assert.equal(source.tag, tag, `${name}: x-mdbkit-source.tag`);
          assert.equal(source.repository, OPERATOR_REPOSITORY, `${name}: x-mdbkit-source.repository`);
          assert.match(source.commit, /^[0-9a-f]{40}$/, `${name}: x-mdbkit-source.commit must be a full 40-hex commit`);
          assert.match(source.licence, /\bMIT\b/, `${name}: x-mdbkit-source.licence`);
          assert.match(source.file, new RegExp(`^${OPERATOR_CRD_DIR}/k8s\\.mariadb\\.com_[a-z]+\\.yaml$`), `${name}: x-mdbkit-source.file`);
          const kept = join(fixtureDir, 'crds', source.file.slice(OPERATOR_CRD_DIR.length + 1));
          assert.ok(existsSync(kept), `${name}: its source CRD is not kept at ${kept}`);
        }
      });

      it("keeps the operator's MIT LICENSE and a NOTICE.md naming the tag and commit", () => {
        const licence = readFileSync(join(fixtureDir, 'LICENSE'), 'utf8');
        assert.match(licence, /^The MIT License/m);
        assert.match(licence, /Permission is hereby granted, free of charge/);
        const notice = readFileSync(join(fixtureDir, 'NOTICE.md'), 'utf8');
        assert.ok(notice.includes(tag), `NOTICE.md does not name ${tag}`);
        assert.ok(notice.includes(OPERATOR_REPOSITORY), "NOTICE.md does not name the operator's repository");
        assert.match(notice, /\bMIT\b/);
        const commit = committed.size > 0 ? sourceOf([...committed.values()][0]!).commit : '';
        assert.ok(commit !== '' && notice.includes(commit), `NOTICE.md does not name the commit ${commit} the base schemas came from`);
      });
    });
  }
});
