// What an editor shows for the MariaDB rules that tie fields together (generator/cross-field-rules.ts): the
// real yaml-language-server, driven over LSP on stdio with the IDE schemas on disk and nothing remote (schema
// store and CRD store off, HTTP to a closed port), puts a diagnostic on the line of the field to change, and
// none on a MariaDB that holds together. A smaller client than yaml-language-server.test.ts's: open a
// document, read its diagnostics.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emitIdeSchemas, IDE_SCHEMAS_DIR } from '../../generator/emit-ide-schemas.js';
import { writeFiles } from '../../generator/write-files.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

const SERVER = join(PROJECT_ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const WAIT_MS = 20_000;

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

interface Diagnostic {
  range: { start: { line: number } };
  message: string;
}

const mariadb = (spec: string) =>
  `apiVersion: enterprise.mariadb.com/v1alpha1\nkind: MariaDB\nmetadata:\n  name: db\nspec:\n  storage:\n    size: 1Gi\n${spec}`;

const CASES = [
  {
    name: 'Galera on an even count',
    field: 'replicas',
    bad: '  replicas: 4\n  galera:\n    enabled: true\n',
    good: '  replicas: 4\n  replicasAllowEvenNumber: true\n  galera:\n    enabled: true\n',
  },
  { name: 'three replicas without an HA method', field: 'replicas', bad: '  replicas: 3\n', good: '  replicas: 3\n  replication:\n    enabled: true\n' },
  {
    name: 'a primary beyond the pods',
    field: 'podIndex',
    bad: '  replicas: 3\n  galera:\n    enabled: true\n    primary:\n      podIndex: 3\n',
    good: '  replicas: 3\n  galera:\n    enabled: true\n    primary:\n      podIndex: 0\n',
  },
  {
    name: 'an empty root password beside a root password Secret',
    field: 'rootEmptyPassword',
    bad: '  rootEmptyPassword: true\n  rootPasswordSecretKeyRef:\n    name: root\n    key: password\n',
    good: '  rootEmptyPassword: true\n',
  },
];

describe('yaml-language-server flags the MariaDB cross-field rules on the line to change', function () {
  this.timeout(300_000);
  let dir: string;
  let proc: ChildProcessWithoutNullStreams;
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  let count = 0;
  const answers = new Map<number, (result: unknown) => void>();
  const diagnostics = new Map<string, (d: Diagnostic[]) => void>();

  const send = (message: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  };
  const request = (method: string, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer`)), WAIT_MS);
      answers.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      send({ id, method, params });
    });

  function receive(message: Message, settings: Record<string, unknown>): void {
    if (message.method === 'workspace/configuration' && message.id !== undefined) {
      const items = (message.params as { items: Array<{ section?: string }> }).items;
      send({ id: message.id, result: items.map((i) => settings[i.section ?? ''] ?? null) });
    } else if (message.method !== undefined && message.id !== undefined) {
      // Any other request from the server (a remote schema's content, say) is refused: the test is offline.
      send({ id: message.id, error: { code: -32603, message: `offline test: ${message.method} refused` } });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics: found } = message.params as { uri: string; diagnostics: Diagnostic[] };
      diagnostics.get(uri)?.(found);
    } else if (message.id !== undefined) answers.get(message.id)?.(message.result);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-yls-cross-'));
    writeFiles(dir, emitIdeSchemas(loadSchemas()));
    const schemaUri = pathToFileURL(join(dir, IDE_SCHEMAS_DIR, 'enterprise.mariadb.com/mariadb_v1alpha1.json')).href;
    const yaml = {
      validate: true,
      hover: false,
      completion: false,
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      schemas: { [schemaUri]: ['*.mariadb.yaml'] },
    };
    const settings: Record<string, unknown> = { yaml, http: { proxy: 'http://127.0.0.1:9', proxyStrictSSL: true }, '[yaml]': {}, editor: { tabSize: 2 } };
    proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        const length = end < 0 ? undefined : /Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString('ascii'))?.[1];
        if (length === undefined || buffer.length < end + 4 + Number(length)) return;
        const message = JSON.parse(buffer.subarray(end + 4, end + 4 + Number(length)).toString('utf8')) as Message;
        buffer = buffer.subarray(end + 4 + Number(length));
        receive(message, settings);
      }
    });
    const workspace = pathToFileURL(dir).href;
    await request('initialize', {
      processId: process.pid,
      rootUri: workspace,
      workspaceFolders: [{ uri: workspace, name: 'workspace' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    });
    send({ method: 'initialized', params: {} });
    send({ method: 'workspace/didChangeConfiguration', params: { settings } });
  });

  after(() => {
    if (proc && proc.exitCode === null) proc.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The diagnostics the server publishes for a new document. */
  function diagnose(text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(join(dir, `${++count}.mariadb.yaml`)).href;
    const published = new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), WAIT_MS);
      diagnostics.set(uri, (d) => {
        clearTimeout(timer);
        resolve(d);
      });
    });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
    return published;
  }

  it('applies the schema (a misspelled field is flagged, once the server has taken the settings)', async () => {
    let found: Diagnostic[] = [];
    for (let attempt = 0; attempt < 20 && found.length === 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      found = await diagnose(mariadb('  replicaz: 1\n'));
    }
    assert.ok(found.length > 0, 'the schema never applied');
  });

  for (const c of CASES) {
    it(`${c.name}: a diagnostic on the ${c.field} line, none once it holds together`, async () => {
      const text = mariadb(c.bad);
      const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${c.field}:`));
      const found = await diagnose(text);
      assert.ok(
        found.some((d) => d.range.start.line === line),
        `no diagnostic on line ${line}: ${JSON.stringify(found)}`,
      );
      assert.deepEqual(await diagnose(mariadb(c.good)), []);
    });
  }
});
