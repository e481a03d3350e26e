// `mdbkit generate`: every generated file, from schemas/ alone. Emitters are pure; the caller writes.
import { loadSchemas, type SchemaSet } from '../kinds/load-schemas.js';
import type { OutputFile } from './output-file.js';
import { isUnderGeneratedRoot } from './generated-roots.js';
import { emitTypesReusingOnDisk } from './emit-types.js';
import { emitCrdsReusingCommitted } from './crd/emit-crds.js';
import { emitCrdsChart } from './crd/emit-crds-chart.js';
import { emitIdeSchemas } from './emit-ide-schemas.js';
import { emitClusterChart } from './charts/cluster-chart.js';
import { emitWebhookChart } from './charts/webhook-chart.js';
import { emitGaleraChart } from './charts/galera-chart.js';
import { emitValidatorsReusingCommitted } from './emit-validators.js';
import { emitComposedSchemas } from './emit-composed-schemas.js';

export type Emitter = (set: SchemaSet) => OutputFile[] | Promise<OutputFile[]>;

// Filled in as emitters land; order does not matter (files are sorted), paths must not collide.
export const EMITTERS: Emitter[] = [
  emitTypesReusingOnDisk,
  emitCrdsReusingCommitted,
  emitCrdsChart,
  emitIdeSchemas,
  emitClusterChart,
  emitWebhookChart,
  emitGaleraChart,
  emitValidatorsReusingCommitted,
  emitComposedSchemas,
];

export async function generateAll(set: SchemaSet = loadSchemas(), emitters: readonly Emitter[] = EMITTERS): Promise<OutputFile[]> {
  const files = (await Promise.all(emitters.map(async (emit) => emit(set)))).flat();
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`two emitters write ${file.path}`);
    if (!isUnderGeneratedRoot(file.path)) throw new Error(`${file.path} is outside the generated folders`);
    seen.add(file.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
