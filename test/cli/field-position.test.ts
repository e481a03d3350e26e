// A finding's field path must land on the text the user has to change: the value of a present field,
// the key of an unknown one, the nearest existing ancestor's key for a missing one.
import { strict as assert } from 'node:assert';
import { documentStart, positionOfPath } from '../../cli/field-position.js';
import { SCHEMA_RULES } from '../../policies/schema-rules.js';
import { parseManifests } from '../../cli/read-manifests.js';

const SOURCE = `# leading comment
apiVersion: enterprise.mariadb.com/v1alpha1
kind: MaxScale
metadata:
  name: maxscale
  annotations:
    metallb.universe.tf/loadBalancerIPs: 10.0.0.1
spec:
  empty:
  mariaDbRef:
    name: mariadb
  monitr:
    interval: 2s
  services:
    - name: rw
      router: readwrite
      listener: {port: 99999}
  servers:
  - &server
    name: a
    port: 3306
  backup: *server
  flowList: [a, b]
---
apiVersion: v1
kind: ConfigMap
`;

const [first, second] = parseManifests('x.yaml', SOURCE).documents;

function at(path: string, target: 'value' | 'key' = 'value', document = first!) {
  const { line, column } = positionOfPath(document.doc, document.lineCounter, path, target);
  return `${line}:${column}`;
}

describe('field path → line:column', () => {
  it('points at the value of a present field', () => {
    assert.equal(at('kind'), '3:7');
    assert.equal(at('spec.services[0].router'), '16:15');
    assert.equal(at('metadata.name'), '5:9');
  });

  it('reads map keys in brackets, dots and slashes included', () => {
    assert.equal(at('metadata.annotations[metallb.universe.tf/loadBalancerIPs]'), '7:42');
  });

  it('goes into flow maps and flow lists', () => {
    assert.equal(at('spec.services[0].listener.port'), '17:24');
    assert.equal(at('spec.flowList[1]'), '23:17');
  });

  it('points at the key of an unknown field', () => {
    const unknownField = SCHEMA_RULES.find((rule) => rule.id === 'schema/unknown-field')!;
    assert.equal(unknownField.pointsAtKey, true);
    assert.equal(at('spec.monitr', 'key'), '12:3');
  });

  it('points at the nearest existing ancestor’s key for a missing field', () => {
    assert.equal(at('spec.mariaDbRef.namespace'), '10:3');
    assert.equal(at('spec.monitor.module'), '8:1', 'spec exists, spec.monitor does not');
    assert.equal(at('spec.services[3]'), '14:3', 'an index past the end');
    assert.equal(at('spec.services[0].listener.protocol'), '17:7');
  });

  it('points at the key of a block map or list, which starts on the line below', () => {
    assert.equal(at('spec.services'), '14:3');
    assert.equal(at('spec.mariaDbRef'), '10:3');
    assert.equal(at('spec'), '8:1');
  });

  it('points at the key of a field written with no value', () => {
    assert.equal(at('spec.empty'), '9:3');
  });

  it('points at a list item itself when the path ends there', () => {
    assert.equal(at('spec.services[0]'), '15:7');
  });

  it('follows anchors and aliases', () => {
    assert.equal(at('spec.servers[0].port'), '21:11');
    assert.equal(at('spec.backup'), '22:11', 'the alias is where this field is written');
    assert.equal(at('spec.backup.port'), '21:11', 'its fields are where the anchor wrote them');
  });

  it('points at the document for the root and for a field missing at the top', () => {
    assert.equal(at(''), '2:1');
    assert.equal(at('status'), '2:1');
    assert.deepEqual(documentStart(first!.doc, first!.lineCounter), { line: 2, column: 1 });
  });

  it('counts lines from the start of the file in later documents', () => {
    assert.equal(at('kind', 'value', second), '26:7');
    assert.deepEqual(documentStart(second!.doc, second!.lineCounter), { line: 25, column: 1 });
  });

  it('gives the end of the value too', () => {
    const range = positionOfPath(first!.doc, first!.lineCounter, 'spec.services[0].router');
    assert.deepEqual(range, { line: 16, column: 15, endLine: 16, endColumn: 24 });
  });
});
