// The largest object the API server lets through to the webhook, as one AdmissionReview: a MaxScale listing
// 60,000 servers by hand (about 2.4 MB, under the 3 MiB request limit), with the users such a MaxScale must give.
// Shared by the hardening test of bounded answers and by `npm run bench`'s large part.
export const LARGE_SERVERS = 60_000;

/** `same`: every server named and addressed alike (a denial with two findings per server); else all distinct. */
export function largeMaxScaleReview(options: { same: boolean; name?: string }) {
  const servers = Array.from({ length: LARGE_SERVERS }, (_, i) =>
    options.same ? { name: 'mariadb-0', address: '10.0.0.1' } : { name: `mariadb-${i}`, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  );
  const auth: Record<string, unknown> = {};
  for (const user of ['client', 'server', 'monitor']) {
    auth[`${user}Username`] = `maxscale-${user}`;
    auth[`${user}PasswordSecretKeyRef`] = { name: 'maxscale', key: 'password' };
  }
  const name = options.name ?? 'maxscale-large';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '0d4b2c4e-6a53-4c1f-9d5e-3f1a8e2b7c60',
      kind: { group: 'enterprise.mariadb.com', version: 'v1alpha1', kind: 'MaxScale' },
      resource: { group: 'enterprise.mariadb.com', version: 'v1alpha1', resource: 'maxscales' },
      name,
      namespace: 'default',
      operation: 'CREATE' as const,
      object: {
        apiVersion: 'enterprise.mariadb.com/v1alpha1',
        kind: 'MaxScale',
        metadata: { name, namespace: 'default' },
        spec: { servers, monitor: { module: 'galeramon' }, auth },
      },
      oldObject: null,
    },
  };
}
