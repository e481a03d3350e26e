// The admission core against the captured API-server traffic: every answer echoes the request, every
// patch applies to the request's object and yields exactly the policy's defaulted object, and denials
// take the API server's own form (fixture 028), warnings the form kubectl printed (fixture 030).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import fastJsonPatch from 'fast-json-patch';
import { ListClusterReader, OFFLINE_READER } from '../../policies/cluster-reader.js';
import type { KubeObject } from '../../policies/kube-object.js';
import { createPolicyEngine } from '../../policies/registry.js';
import { ruleSettings } from '../../policies/rule-settings.js';
import { AdmissionDecodeError } from '../../webhook/admission-review.js';
import { mutate, validate, warningText, type AdmissionDeps } from '../../webhook/admission.js';
import { FIXTURES_DIR, admissionRequests, manifestsIn } from '../support/fixtures.js';

const { applyPatch, deepClone } = fastJsonPatch;
const engine = createPolicyEngine();
const seeds = manifestsIn('examples/seed-000-maxscale');
const mariadbGalera = seeds.find((s) => s.file === '03-mariadb-maxscale-ref.yaml')!.object as KubeObject;
const deps = (reader = new ListClusterReader([mariadbGalera])): AdmissionDeps => ({
  engine,
  reader,
  clusterDomain: 'cluster.local',
  servedGroups: ['enterprise.mariadb.com', 'k8s.mariadb.com'],
});

function decodePatch(patch: string | undefined): fastJsonPatch.Operation[] {
  return patch ? (JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as fastJsonPatch.Operation[]) : [];
}

function fixtureResponse(name: string): { response: Record<string, any> } {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'admission-v1.26', name), 'utf8')) as { response: Record<string, any> };
}

// The captured external MaxScales list servers by hand with only the admin credentials: the operator cannot
// create client, server and monitor users there, so mdbkit denies them (maxscale/auth-credentials-required).
// Tests of the captured answers' form give the users first.
const SERVER_USERS = Object.fromEntries(
  ['client', 'server', 'monitor'].flatMap((u) => [
    [`${u}Username`, `maxscale-${u}`],
    [`${u}PasswordSecretKeyRef`, { name: 'maxscale', key: 'password' }],
  ]),
);

describe('admission core over the captured requests', () => {
  for (const { file, body } of admissionRequests()) {
    const mode = file.includes('-mutate-') ? 'mutate' : 'validate';
    it(`${file}: echoes the request and answers with an applicable patch or a well-formed status`, async () => {
      const out = await (mode === 'mutate' ? mutate : validate)(body, deps());
      const { review } = out;
      assert.equal(review.apiVersion, 'admission.k8s.io/v1');
      assert.equal(review.kind, 'AdmissionReview');
      assert.equal(review.response.uid, (body as { request: { uid: string } }).request.uid);
      const object = (body as { request: { object: KubeObject | null } }).request.object;
      if (review.response.patch) {
        assert.equal(review.response.patchType, 'JSONPatch');
        const patched = applyPatch(deepClone(object), decodePatch(review.response.patch), true, false).newDocument;
        const expected = await engine.default(object!, {
          operation: body.request.operation as 'CREATE',
          group: 'enterprise.mariadb.com',
          namespace: 'default',
          clusterDomain: 'cluster.local',
          reader: new ListClusterReader([mariadbGalera]),
          ...(body.request.oldObject ? { oldObject: body.request.oldObject } : {}),
        });
        assert.deepEqual(patched, expected!.object);
      }
      if (!review.response.allowed) {
        assert.equal(review.response.status?.code, 422);
        assert.equal(review.response.status?.reason, 'Invalid');
        assert.ok((review.response.status?.details?.causes.length ?? 0) > 0);
      }
      for (const warning of review.response.warnings ?? []) assert.ok(warning.length < 120, warning);
    });
  }

  it('allows DELETE without a patch (023, 024)', async () => {
    for (const { file, body } of admissionRequests().filter((r) => r.body.request.operation === 'DELETE')) {
      const out = await (file.includes('mutate') ? mutate : validate)(body, deps());
      assert.deepEqual(out.review.response, { uid: (body as any).request.uid, allowed: true }, file);
    }
  });

  it('treats dry-run requests exactly like real ones (005/006 against 007/008)', async () => {
    const byFile = new Map(admissionRequests().map((r) => [r.file.slice(0, 3), r.body]));
    for (const [dry, real] of [
      ['005', '007'],
      ['006', '008'],
    ] as const) {
      const run = dry === '005' ? mutate : validate;
      const [a, b] = [await run(byFile.get(dry), deps()), await run(byFile.get(real), deps())];
      assert.deepEqual({ ...a.review.response, uid: '' }, { ...b.review.response, uid: '' });
      assert.equal(a.dryRun, true);
    }
  });

  it('denies a MaxScale without module or mariaDbRef in the form the API server relayed (028)', async () => {
    const request = admissionRequests().find((r) => r.file.startsWith('028'))!;
    const out = await validate(request.body, deps());
    const captured = fixtureResponse('028-validate-CREATE-maxscales-mxs-bad.response.json').response;
    // 028's object names a module, so remove it to reproduce the captured denial.
    const body = structuredClone(request.body) as any;
    Object.assign(body.request.object.spec.auth, SERVER_USERS);
    delete body.request.object.spec.monitor.module;
    const denied = (await validate(body, deps())).review.response;
    assert.equal(denied.allowed, false);
    assert.deepEqual(denied.status, { ...captured.status, details: { ...captured.status.details } });
    assert.equal(out.review.response.uid, captured.uid);
  });

  it('denies a misspelt field with one cause, the misspelling first, saying what its absence set off', async () => {
    const body = structuredClone(admissionRequests().find((r) => r.file.startsWith('028'))!.body) as any;
    Object.assign(body.request.object.spec.auth, SERVER_USERS);
    const monitor = body.request.object.spec.monitor;
    monitor.modul = monitor.module;
    delete monitor.module;
    const denied = (await validate(body, deps())).review.response;
    assert.equal(denied.allowed, false);
    const causes = denied.status!.details!.causes;
    assert.deepEqual(
      causes.map((c: { field?: string }) => c.field),
      ['spec.monitor.modul'],
    );
    assert.match(
      causes[0]!.message,
      /^unknown field "modul": did you mean "module"\?; that is why: spec\.monitor\.module: .*\[maxscale\/monitor-module-required\]$/,
    );
  });

  it('warns about a short monitor interval with the captured wording (030)', async () => {
    // The capture's webhook warned regardless of the object (its interval is 2s): set what deserves it.
    const body = structuredClone(admissionRequests().find((r) => r.file.startsWith('030'))!.body) as any;
    Object.assign(body.request.object.spec.auth, SERVER_USERS);
    body.request.object.spec.monitor.interval = '500ms';
    const out = await validate(body, deps());
    assert.equal(out.review.response.allowed, true);
    assert.deepEqual(out.review.response.warnings, fixtureResponse('030-validate-CREATE-maxscales-mxs-warn.response.json').response.warnings);
  });

  it('skips defaults that need the MariaDB when the cluster cannot be asked, with a warning', async () => {
    const request = admissionRequests().find((r) => r.file.startsWith('003'))!;
    const out = await mutate(request.body, deps(OFFLINE_READER as ListClusterReader));
    const patch = decodePatch(out.review.response.patch);
    assert.ok(!patch.some((op) => op.path === '/spec/servers'), 'no servers inferred');
    assert.ok(
      patch.some((op) => op.path === '/spec/services'),
      'other defaults still apply',
    );
    assert.match(out.review.response.warnings?.[0] ?? '', /^spec\.mariaDbRef: MariaDB default\/mariadb-galera could not be looked up/);
  });

  it('escapes keys with / and ~ so that the patch applies (metallb annotations)', async () => {
    const request = structuredClone(admissionRequests().find((r) => r.file.startsWith('003'))!.body) as any;
    request.request.object.spec.kubernetesService = { metadata: { annotations: { 'metallb.universe.tf/loadBalancerIPs': '172.18.0.224', 'a~b': 'c' } } };
    const out = await mutate(request, deps());
    const patch = decodePatch(out.review.response.patch);
    assert.ok(patch.some((op) => op.path === '/spec/kubernetesService/type'));
    const patched = applyPatch(deepClone(request.request.object), patch, true, false).newDocument;
    assert.equal(patched.spec.kubernetesService.metadata.annotations['metallb.universe.tf/loadBalancerIPs'], '172.18.0.224');
  });

  it('denies scaling a MaxScale above one replica without cooperative monitoring, saying what to set (014)', async () => {
    const request = admissionRequests().find((r) => r.file.startsWith('014'))!;
    const stored = {
      apiVersion: 'enterprise.mariadb.com/v1alpha1',
      kind: 'MaxScale',
      metadata: { name: 'maxscale-galera', namespace: 'default' },
      spec: { mariaDbRef: { name: 'mariadb-galera' } },
    };
    const denied = (await validate(request.body, deps(new ListClusterReader([stored])))).review.response;
    assert.equal(denied.allowed, false);
    assert.match(denied.status!.message, /set spec\.monitor\.cooperativeMonitoring: majority_of_all/);
    const cooperative = { ...stored, spec: { ...stored.spec, monitor: { cooperativeMonitoring: 'majority_of_all' } } };
    assert.equal((await validate(request.body, deps(new ListClusterReader([cooperative])))).review.response.allowed, true);
    assert.equal(
      (await mutate(admissionRequests().find((r) => r.file.startsWith('013'))!.body, deps())).review.response.patch,
      undefined,
      'a Scale is never patched',
    );
  });

  it('answers a review without a uid, or of another apiVersion, with a decode error', async () => {
    await assert.rejects(mutate({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} }, deps()), AdmissionDecodeError);
    await assert.rejects(
      validate({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'x' } }, deps()),
      /admissionReviewVersions: \[v1\]/,
    );
  });

  it('keeps warnings under the API server limit of 120 characters', () => {
    const long = warningText({ path: 'spec.x', rule: 'r/x', severity: 'warning', message: 'y'.repeat(300), reason: 'FieldValueInvalid' });
    assert.ok(long.length < 120);
  });

  it('law: the patch applied to the original equals the defaulted object, for generated MaxScales', async () => {
    const template = admissionRequests().find((r) => r.file.startsWith('003'))!.body as any;
    const specs = fc.record(
      {
        replicas: fc.integer({ min: 1, max: 3 }),
        services: fc.array(
          fc.record({
            name: fc.constantFrom('rw', 'ro'),
            router: fc.constantFrom('readwritesplit', 'readconnroute'),
            listener: fc.record({ port: fc.integer({ min: 1000, max: 5000 }) }),
          }),
          { maxLength: 2 },
        ),
        kubernetesService: fc.record({ metadata: fc.record({ annotations: fc.dictionary(fc.constantFrom('a/b', 'x~y', 'plain', 'c/d~e'), fc.string()) }) }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(specs, async (spec) => {
        const body = structuredClone(template);
        body.request.object.spec = { mariaDbRef: { name: 'mariadb-galera' }, ...spec };
        const out = await mutate(body, deps());
        const patched = applyPatch(deepClone(body.request.object), decodePatch(out.review.response.patch), true, false).newDocument;
        const expected = await engine.default(body.request.object, {
          operation: 'CREATE',
          group: 'enterprise.mariadb.com',
          namespace: 'default',
          clusterDomain: 'cluster.local',
          reader: new ListClusterReader([mariadbGalera]),
        });
        assert.deepEqual(patched, expected!.object);
      }),
      { numRuns: 200 },
    );
  });

  describe('rules switched off', () => {
    // A MaxScale the webhook denies for its listeners alone (everything else is fine or defaulted).
    const twoListenersOnOnePort = (annotations?: Record<string, string>) => {
      const body = structuredClone(admissionRequests().find((r) => r.file.startsWith('004'))!.body) as any;
      body.request.object.spec.services = [
        { name: 'rw', router: 'readwritesplit', listener: { port: 3306 } },
        { name: 'ro', router: 'readconnroute', listener: { port: 3306 } },
      ];
      if (annotations) body.request.object.metadata.annotations = annotations;
      return body;
    };
    const denials = async (body: unknown, judging = deps()) =>
      (await validate(body, judging)).review.response.status?.details?.causes.map((c) => c.field) ?? [];

    it("ignores an object's own mdbkit.dev/skip-rules annotation: its author cannot switch the webhook's checks off", async () => {
      assert.ok((await denials(twoListenersOnOnePort())).includes('spec.services[1].listener.port'));
      const annotated = twoListenersOnOnePort({ 'mdbkit.dev/skip-rules': 'maxscale/duplicate-listener-port, maxscale/*' });
      assert.ok((await denials(annotated)).includes('spec.services[1].listener.port'));
    });

    it('does not run the rules whoever installed it disabled', async () => {
      const tuned = { ...deps(), engine: engine.withSettings(ruleSettings({ disable: ['maxscale/duplicate-listener-port'] })) };
      const out = await validate(twoListenersOnOnePort(), tuned);
      assert.equal(out.review.response.allowed, true, JSON.stringify(out.review.response.status));
    });
  });
});
