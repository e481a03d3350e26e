// Each reporter is a pure function of the run's result; these cases feed them awkward text (quotes,
// percent signs, commas, colons, angle brackets, newlines) and check what CI systems require of each.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { LintResult } from '../../cli/finding.js';
import { githubReport } from '../../cli/reporters/github.js';
import { jsonReport } from '../../cli/reporters/json.js';
import { junitReport } from '../../cli/reporters/junit.js';
import { artifactUri, sarifReport, type RuleDescription, type SarifOptions } from '../../cli/reporters/sarif.js';
import { textReport } from '../../cli/reporters/text.js';
import { DOCUMENT_RULES } from '../../policies/document-rules.js';
import { SCHEMA_RULES } from '../../policies/schema-rules.js';
import { sarifErrors } from './support/sarif-schema.js';
import { elements, parseXml } from './support/xml.js';

const identity = { apiVersion: 'enterprise.mariadb.com/v1alpha1', kind: 'MaxScale', name: 'maxscale-galera' };

const result: LintResult = {
  files: ['deploy/maxscale.yaml', 'deploy/broken.yaml', 'deploy/empty.yaml'],
  documents: [
    { file: 'deploy/maxscale.yaml', index: 0, line: 1, column: 1, status: 'checked', ...identity },
    {
      file: 'deploy/maxscale.yaml',
      index: 1,
      line: 20,
      column: 1,
      status: 'skipped',
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'cm',
      note: 'skipped ConfigMap "cm" (v1): not a kind mdbkit checks',
    },
    { file: 'deploy/broken.yaml', index: 0, line: 1, column: 1, status: 'unreadable' },
  ],
  findings: [
    {
      file: 'deploy/maxscale.yaml',
      line: 9,
      column: 3,
      endLine: 9,
      endColumn: 9,
      severity: 'error',
      rule: 'schema/unknown-field',
      path: 'spec.monitr',
      message: 'unknown field "monitr": did you mean "monitor"?',
      document: 0,
      ...identity,
    },
    {
      file: 'deploy/maxscale.yaml',
      line: 13,
      column: 15,
      severity: 'warning',
      rule: 'demo/odd-text',
      path: 'metadata.annotations[a.b/c]',
      message: '100% odd, text: <b>&\nsecond line',
      document: 0,
      ...identity,
    },
    { file: 'deploy/broken.yaml', line: 4, column: 3, severity: 'error', rule: 'yaml/syntax', path: '', message: 'Map keys must be unique', document: 0 },
  ],
  summary: { files: 3, documents: 3, notChecked: 0, errors: 2, warnings: 1 },
  rules: [
    { id: 'demo/odd-text', passed: 0, failed: 1, skipped: 0 },
    { id: 'demo/never-fires', passed: 1, failed: 0, skipped: 0 },
    { id: 'demo/always-skipped', passed: 0, failed: 0, skipped: 1 },
    { id: 'schema/unknown-field', passed: 0, failed: 1, skipped: 0 },
  ],
};

const catalog: RuleDescription[] = [
  { id: 'demo/odd-text', severity: 'warning', what: 'Odd text.', why: 'It is odd.', fix: 'Make it even.' },
  { id: 'demo/never-fires', severity: 'error', what: 'Never fires.', why: 'Listed because it ran.', fix: 'Nothing.' },
  { id: 'demo/always-skipped', severity: 'error', what: 'Never runs.', why: 'Not listed: it did not run.', fix: 'Nothing.' },
  { id: 'demo/off', severity: 'error', what: 'Switched off.', why: 'Listed as an override.', fix: 'Nothing.' },
  ...SCHEMA_RULES,
  ...DOCUMENT_RULES,
];

const sarifOptions: SarifOptions = {
  cwd: '/repo',
  tool: { name: 'mdbkit', version: '1.2.3', informationUri: 'https://example.org/mdbkit' },
  rules: catalog,
  overrides: { disabled: ['demo/off'], regraded: { 'demo/odd-text': 'warning' } },
};

describe('reporters', () => {
  describe('text', () => {
    it('prints file:line:column: severity: path: message [rule], then a summary', () => {
      const lines = textReport(result, { color: false }).trimEnd().split('\n');
      assert.equal(lines[0], 'deploy/maxscale.yaml:9:3: error: spec.monitr: unknown field "monitr": did you mean "monitor"? [schema/unknown-field]');
      assert.equal(lines[3], 'deploy/broken.yaml:4:3: error: Map keys must be unique [yaml/syntax]');
      assert.equal(lines.at(-1), '2 errors and 1 warning in 3 documents in 3 files');
    });

    it('uses colour only when asked', () => {
      assert.doesNotMatch(textReport(result, { color: false }), /\u001b\[/);
      assert.match(textReport(result, { color: true }), /\u001b\[31merror:\u001b\[0m/);
    });

    it('says so when there is nothing to report', () => {
      const clean = { ...result, findings: [], summary: { files: 1, documents: 1, notChecked: 0, errors: 0, warnings: 0 } };
      assert.equal(textReport(clean), 'no problems in 1 document in 1 file\n');
    });
  });

  describe('json', () => {
    it('lists findings with exactly the documented fields, null where unknown', () => {
      const report = JSON.parse(jsonReport(result)) as { findings: Array<Record<string, unknown>>; summary: unknown };
      assert.deepEqual(Object.keys(report.findings[0]!), [
        'file',
        'line',
        'column',
        'severity',
        'rule',
        'path',
        'message',
        'apiVersion',
        'kind',
        'name',
        'related',
      ]);
      assert.deepEqual(report.findings[2], {
        file: 'deploy/broken.yaml',
        line: 4,
        column: 3,
        severity: 'error',
        rule: 'yaml/syntax',
        path: '',
        message: 'Map keys must be unique',
        apiVersion: null,
        kind: null,
        name: null,
        related: [],
      });
      assert.deepEqual(report.summary, { files: 3, documents: 3, notChecked: 0, errors: 2, warnings: 1 });
      assert.deepEqual((report as unknown as { rules: unknown[] }).rules[0], { id: 'demo/odd-text', passed: 0, failed: 1, skipped: 0 });
    });
  });

  describe('sarif', () => {
    const log = JSON.parse(sarifReport(result, sarifOptions));
    const run = log.runs[0];

    it('is valid SARIF 2.1.0', () => {
      assert.deepEqual(sarifErrors(log), []);
    });

    it('would be rejected by the schema if broken (the check is not vacuous)', () => {
      const broken = structuredClone(log);
      delete broken.runs[0].results[0].message;
      broken.runs[0].results[1].level = 'fatal';
      assert.deepEqual(
        sarifErrors(broken)
          .map((e) => `${e.instancePath} ${e.keyword}`)
          .sort(),
        ['/runs/0/results/0 required', '/runs/0/results/1/level enum'],
      );
    });

    it('lists the rules that ran, with how they fared, then any other rule a result carries, with indexes that match', () => {
      const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
      assert.deepEqual(ids, ['demo/odd-text', 'demo/never-fires', 'schema/unknown-field', 'yaml/syntax']);
      assert.deepEqual(run.tool.driver.rules[1].properties, { objectsPassed: 1, objectsFailed: 0, objectsSkipped: 0 });
      assert.equal(run.tool.driver.rules[3].properties, undefined);
      for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      const odd = run.tool.driver.rules[0];
      assert.deepEqual(odd.shortDescription, { text: 'Odd text.' });
      assert.equal(odd.help.text, 'Make it even.');
      assert.equal(odd.defaultConfiguration.level, 'warning');
      assert.equal(run.tool.driver.name, 'mdbkit');
      assert.equal(run.tool.driver.informationUri, 'https://example.org/mdbkit');
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.version, '2.1.0');
    });

    it('lists the rules the configuration switched off or re-graded as configuration overrides', () => {
      assert.deepEqual(run.invocations[0].ruleConfigurationOverrides, [
        { descriptor: { id: 'demo/off' }, configuration: { enabled: false } },
        { descriptor: { id: 'demo/odd-text' }, configuration: { level: 'warning' } },
      ]);
    });

    it('gives each result a level, a message and a relative location', () => {
      const [first, second] = run.results;
      assert.equal(first.level, 'error');
      assert.equal(second.level, 'warning');
      assert.equal(first.message.text, 'spec.monitr: unknown field "monitr": did you mean "monitor"?');
      assert.deepEqual(first.locations[0].physicalLocation, {
        artifactLocation: { uri: 'deploy/maxscale.yaml' },
        region: { startLine: 9, startColumn: 3, endLine: 9, endColumn: 9 },
      });
      assert.deepEqual(first.properties, { path: 'spec.monitr', ...identity });
    });

    it('reports skipped documents as notifications, not results', () => {
      const notes = run.invocations[0].toolExecutionNotifications;
      assert.equal(notes.length, 1);
      assert.equal(notes[0].level, 'note');
      assert.equal(run.results.length, 3);
    });

    it('makes URIs relative with forward slashes, or file: URLs outside the folder', () => {
      assert.equal(artifactUri('deploy/x.yaml', '/repo'), 'deploy/x.yaml');
      assert.equal(artifactUri('./deploy/x.yaml', '/repo'), 'deploy/x.yaml');
      assert.equal(artifactUri(join('/repo', 'a b', 'c#1.yaml'), '/repo'), 'a%20b/c%231.yaml');
      assert.equal(artifactUri('/elsewhere/x.yaml', '/repo'), 'file:///elsewhere/x.yaml');
      assert.equal(artifactUri('../x.yaml', '/repo/sub'), 'file:///repo/x.yaml');
      assert.equal(artifactUri('<stdin>', '/repo'), '%3Cstdin%3E');
    });
  });

  describe('junit', () => {
    const xml = junitReport(result);
    const root = parseXml(xml);

    it('is checked by a reader that rejects what is not well-formed', () => {
      for (const bad of ['<a><b></a>', '<a>x & y</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>text', '<a x=1/>']) {
        assert.throws(() => parseXml(bad), Error, bad);
      }
    });

    it('is well-formed XML with a declaration', () => {
      assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites/);
      assert.equal(root.name, 'testsuites');
    });

    it('has a suite per file and a case per document, failing those with errors', () => {
      assert.deepEqual(root.attributes, { name: 'mdbkit lint', tests: '3', failures: '2', errors: '0', skipped: '1', time: '0' });
      const suites = elements(root, 'testsuite');
      assert.deepEqual(
        suites.map((s) => s.attributes.name),
        result.files,
      );
      assert.deepEqual(
        suites.map((s) => s.attributes.tests),
        ['2', '1', '0'],
      );
      const cases = elements(root, 'testcase');
      assert.equal(cases[0]!.attributes.name, 'MaxScale maxscale-galera (document 1, line 1)');
      assert.equal(elements(cases[0]!, 'failure').length, 1);
      assert.equal(elements(cases[1]!, 'skipped')[0]!.attributes.message, 'skipped ConfigMap "cm" (v1): not a kind mdbkit checks');
      assert.equal(elements(cases[2]!, 'failure')[0]!.attributes.type, 'yaml/syntax');
    });

    it('keeps warnings in the output without failing, escaped and intact', () => {
      const out = elements(elements(root, 'testcase')[0]!, 'system-out')[0]!;
      assert.match(out.text, /100% odd, text: <b>&\nsecond line \[demo\/odd-text\]/);
    });
  });

  describe('github', () => {
    const lines = githubReport(result).trimEnd().split('\n');

    it('writes one workflow command per finding, with the rule as title', () => {
      assert.equal(
        lines[0],
        '::error file=deploy/maxscale.yaml,line=9,col=3,endLine=9,endColumn=9,title=schema/unknown-field::spec.monitr: unknown field "monitr": did you mean "monitor"?',
      );
      assert.equal(lines[2], '::error file=deploy/broken.yaml,line=4,col=3,title=yaml/syntax::Map keys must be unique');
    });

    it('escapes %, newlines, and , : in properties as @actions/core does', () => {
      assert.equal(
        lines[1],
        '::warning file=deploy/maxscale.yaml,line=13,col=15,title=demo/odd-text::metadata.annotations[a.b/c]: 100%25 odd, text: <b>&%0Asecond line',
      );
      const tricky = githubReport({ ...result, findings: [{ ...result.findings[0]!, file: 'a,b:c.yaml', rule: 'x/y' }] });
      assert.match(tricky, /^::error file=a%2Cb%3Ac\.yaml,/);
    });

    it('ends with a plain summary line', () => {
      assert.equal(lines.at(-1), 'mdbkit: 2 error(s), 1 warning(s) in 3 document(s) of 3 file(s)');
    });
  });
});
