// The benchmark's input: a folder of multi-document YAML files holding MariaDB, MaxScale and
// Connection manifests in equal parts, each MaxScale and Connection pointing at a MariaDB of the run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

function manifestsOfCluster(i: number): object[] {
  const mariadb = `mariadb-${i}`;
  const maxscale = `maxscale-${i}`;
  return [
    {
      apiVersion: 'enterprise.mariadb.com/v1alpha1',
      kind: 'MariaDB',
      metadata: { name: mariadb, namespace: 'bench' },
      spec: {
        replicas: 3,
        storage: { size: '1Gi' },
        galera: { enabled: true },
        maxScaleRef: { name: maxscale },
        resources: { requests: { cpu: '500m', memory: '1Gi' } },
      },
    },
    {
      apiVersion: 'enterprise.mariadb.com/v1alpha1',
      kind: 'MaxScale',
      metadata: { name: maxscale, namespace: 'bench' },
      spec: {
        mariaDbRef: { name: mariadb },
        replicas: 2,
        services: [{ name: 'rw-router', router: 'readwritesplit', listener: { port: 3306 } }],
        kubernetesService: { type: 'LoadBalancer' },
      },
    },
    {
      apiVersion: 'enterprise.mariadb.com/v1alpha1',
      kind: 'Connection',
      metadata: { name: `connection-${i}`, namespace: 'bench' },
      spec: { maxScaleRef: { name: maxscale }, username: 'app', passwordSecretKeyRef: { name: 'app', key: 'password' } },
    },
  ];
}

/** Writes `documents` manifests spread over `files` files below `dir`; returns the file paths. */
export function makeManifests(dir: string, documents: number, files: number): string[] {
  mkdirSync(dir, { recursive: true });
  const all = Array.from({ length: Math.ceil(documents / 3) }, (_, i) => manifestsOfCluster(i))
    .flat()
    .slice(0, documents);
  const perFile = Math.ceil(all.length / files);
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const chunk = all.slice(f * perFile, (f + 1) * perFile);
    if (chunk.length === 0) break;
    const path = join(dir, `manifests-${String(f).padStart(3, '0')}.yaml`);
    writeFileSync(path, chunk.map((doc) => stringify(doc)).join('---\n'));
    paths.push(path);
  }
  return paths;
}
