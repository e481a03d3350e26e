// The IDE schemas are only as good as what an editor makes of them, so this drives the real
// yaml-language-server (the engine of VS Code's YAML extension and of most other editors' YAML support)
// over LSP on stdio, the way an editor does: diagnostics for a misspelled field on its own line, none for
// a valid manifest, and the schema's description on hover. It never touches the network: the schema
// store and the Kubernetes CRD store are off, remote schema loads are routed to this client (which
// refuses and records them), and any other HTTP request would go to a proxy on a closed port.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_KINDS_FILE, emitIdeSchemas, IDE_SCHEMAS_DIR, ideSchemaFile } from '../../generator/emit-ide-schemas.js';
import { isSchemaObject, type JSONSchema } from '../../kinds/json-schema.js';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';
import { writeFiles } from '../../generator/write-files.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const SERVER = join(PROJECT_ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const WAIT_MS = 15_000;
const COMMUNITY_MAXSCALE = 'k8s.mariadb.com/maxscale_v1alpha1.json';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
}

type RequestHandler = (params: unknown) => unknown;

/** A minimal LSP client: Content-Length framing, requests with timeouts, notifications kept for waiting on. */
class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly notifications: Message[] = [];
  private readonly waiters = new Set<() => void>();
  readonly serverRequests: Message[] = [];
  stderr = '';

  constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    private readonly handlers: Record<string, RequestHandler>,
  ) {
    proc.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    proc.on('exit', (code, signal) => {
      for (const { reject, timer } of this.pending.values()) {
        clearTimeout(timer);
        reject(new Error(`yaml-language-server exited (${code ?? signal}): ${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  request<T>(method: string, params: unknown, timeoutMs = WAIT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms; server stderr: ${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The first notification (already received or still to come) that `matches`, searching from `from`. */
  waitForNotification(method: string, matches: (params: unknown) => boolean, from = 0, timeoutMs = WAIT_MS): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.notifications.slice(from).find((n) => n.method === method && matches(n.params));
        if (!found) return false;
        this.waiters.delete(onMessage);
        clearTimeout(timer);
        resolve(found.params);
        return true;
      };
      const onMessage = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(onMessage);
        reject(new Error(`no ${method} within ${timeoutMs} ms; server stderr: ${this.stderr}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(onMessage);
    });
  }

  /** Where the next notification will land: wait from here for one caused by what is sent next. */
  get mark(): number {
    return this.notifications.length;
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1];
      if (length === undefined) throw new Error(`LSP header without Content-Length: ${this.buffer.subarray(0, headerEnd).toString()}`);
      const start = headerEnd + 4;
      const end = start + Number(length);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(start, end).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: answer it, or it waits for ever.
      this.serverRequests.push(message);
      const handler = this.handlers[message.method];
      try {
        const result = handler ? handler(message.params) : null;
        this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null });
      } catch (err) {
        this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: (err as Error).message } });
      }
      return;
    }
    if (message.method !== undefined) {
      this.notifications.push(message);
      for (const waiter of [...this.waiters]) waiter();
      return;
    }
    const waiting = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!waiting) return;
    this.pending.delete(message.id as number);
    clearTimeout(waiting.timer);
    if (message.error) waiting.reject(new Error(`${message.error.code}: ${message.error.message}`));
    else waiting.resolve(message.result);
  }
}

/** The description of a property in an emitted schema, following local `$ref`s as an editor would. */
function describedAt(schema: JSONSchema, path: string[], from: JSONSchema = schema): string {
  const deref = (node: JSONSchema): JSONSchema => {
    let current = node;
    while (typeof current.$ref === 'string' && !current.properties) {
      const name = current.$ref.replace('#/definitions/', '');
      current = schema.definitions?.[name] ?? {};
    }
    return current;
  };
  let node: JSONSchema = from;
  for (const step of path) {
    const target = deref(node);
    const next = step === '[]' ? target.items : target.properties?.[step];
    if (!isSchemaObject(next)) throw new Error(`no ${path.join('.')} in the schema`);
    node = next;
  }
  if (typeof node.description !== 'string') throw new Error(`${path.join('.')} has no description`);
  return node.description;
}

function lineOf(text: string, key: string): number {
  const line = text.split('\n').findIndex((l) => new RegExp(`^\\s*(- )?${key}:`).test(l));
  assert.ok(line >= 0, `no ${key}: line`);
  return line;
}

describe('yaml-language-server with the IDE schemas (LSP over stdio)', function () {
  this.timeout(300_000);

  let dir: string;
  let client: LspClient;
  let proc: ChildProcessWithoutNullStreams;
  let allUri: string;
  let maxscaleUri: string;
  let allSchema: JSONSchema;
  let maxscaleSchema: JSONSchema;
  let documentCount = 0;

  const seed = readFileSync(join(FIXTURES_DIR, 'examples/seed-000-maxscale/02-maxscale-fine-grained.yaml'), 'utf8');
  const misspelled = seed.replace(/^ {2}monitor:/m, '  monitr:');
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  key: value\n';

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'mdbkit-yls-'));
    const set = loadSchemas();
    writeFiles(dir, emitIdeSchemas(set));
    const maxscale = set.kinds.find((d) => d.kind === 'MaxScale')!;
    const allPath = join(dir, IDE_SCHEMAS_DIR, ALL_KINDS_FILE);
    const maxscalePath = join(dir, IDE_SCHEMAS_DIR, ideSchemaFile('enterprise.mariadb.com', maxscale));
    allUri = pathToFileURL(allPath).href;
    maxscaleUri = pathToFileURL(maxscalePath).href;
    allSchema = JSON.parse(readFileSync(allPath, 'utf8')) as JSONSchema;
    maxscaleSchema = JSON.parse(readFileSync(maxscalePath, 'utf8')) as JSONSchema;

    const settings = {
      yaml: {
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
        // Both default to on and would fetch catalogues from the internet.
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        // *.settings.yaml get all.json by file URI; *.community.yaml a per-group file by a path relative to the
        // workspace folder, as the README shows it; the other documents get a schema only by modeline.
        schemas: { [allUri]: ['*.settings.yaml'], [`./${IDE_SCHEMAS_DIR}/${COMMUNITY_MAXSCALE}`]: ['*.community.yaml'] },
      },
      // A closed local port: any HTTP request the server still makes fails at once instead of going out.
      http: { proxy: 'http://127.0.0.1:9', proxyStrictSSL: true },
    };
    const sections: Record<string, unknown> = { yaml: settings.yaml, http: settings.http, '[yaml]': {}, editor: { tabSize: 2 } };

    proc = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    client = new LspClient(proc, {
      'workspace/configuration': (params) => (params as { items: Array<{ section?: string }> }).items.map((i) => sections[i.section ?? ''] ?? null),
      // Remote schemas would be fetched through the client (yaml/registerContentRequest below): refuse.
      'vscode/content': (uri) => {
        throw new Error(`offline test: will not fetch ${String(uri)}`);
      },
    });

    const workspace = pathToFileURL(dir).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: workspace,
      workspaceFolders: [{ uri: workspace, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: {}, synchronization: {} },
      },
    });
    // Ask to be told when settings are applied (yaml/schema/store/initialized), and to fetch remote schemas ourselves.
    const mark = client.mark;
    client.notify('yaml/supportSchemaSelection', {});
    client.notify('yaml/registerContentRequest', {});
    client.notify('initialized', {});
    // The server ignores the settings in this notification and pulls them (workspace/configuration), as it
    // also does on initialized; every pull gets the same answer, so the first one applied is enough.
    client.notify('workspace/didChangeConfiguration', { settings });
    await client.waitForNotification('yaml/schema/store/initialized', () => true, mark);
  });

  after(async function () {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      try {
        await client.request('shutdown', null, 3_000);
        client.notify('exit', null);
      } catch {
        // fall through to kill
      }
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a new document and returns the first diagnostics the server publishes for it. */
  async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = pathToFileURL(join(dir, `${++documentCount}-${name}`)).href;
    const mark = client.mark;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const params = (await client.waitForNotification('textDocument/publishDiagnostics', (p) => (p as { uri: string }).uri === uri, mark)) as {
      diagnostics: Diagnostic[];
    };
    return { uri, diagnostics: params.diagnostics };
  }

  async function hover(uri: string, text: string, key: string): Promise<string> {
    const line = lineOf(text, key);
    const character = text.split('\n')[line]!.indexOf(key) + 1;
    const result = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line, character },
    });
    assert.ok(result, `a hover for ${key}`);
    assert.equal(result.contents.kind, 'markdown');
    return result.contents.value;
  }

  async function schemasOf(uri: string): Promise<string[]> {
    const schemas = await client.request<Array<{ uri: string }>>('yaml/get/jsonSchema', uri);
    return schemas.map((s) => s.uri);
  }

  const modeline = (schemaUri: string, text: string): string => `# yaml-language-server: $schema=${schemaUri}\n${text}`;

  describe('associated in the settings (yaml.schemas → all.json)', () => {
    it('puts a diagnostic on the line of a misspelled field, and none on a ConfigMap in the same file', async () => {
      const text = `${misspelled}---\n${configMap}`;
      const { uri, diagnostics } = await open('mistakes.settings.yaml', text);
      assert.deepEqual(await schemasOf(uri), [allUri]);
      assert.ok(diagnostics.length > 0, 'a diagnostic');
      assert.deepEqual(
        diagnostics.map((d) => d.range.start.line),
        [lineOf(text, 'monitr')],
        JSON.stringify(diagnostics),
      );
      assert.match(diagnostics[0]!.message, /monitr/);
    });

    it('reports nothing for the valid seed 02-maxscale-fine-grained.yaml', async () => {
      const { uri, diagnostics } = await open('fine-grained.settings.yaml', seed);
      assert.deepEqual(await schemasOf(uri), [allUri], 'the schema applies, so no diagnostics means valid');
      assert.deepEqual(diagnostics, []);
    });

    it("shows the schema's description on hover", async () => {
      const { uri } = await open('hover.settings.yaml', seed);
      const router = await hover(uri, seed, 'router');
      assert.ok(router.includes(describedAt(allSchema, ['spec', 'services', '[]', 'router'], allSchema.definitions?.MaxScale_v1alpha1_operator_25_10)), router);
      // A property without a title of its own is headed by the nearest title above it: the kind's.
      assert.match(router, /^#### MaxScale\n/);
    });
  });

  describe('named by a modeline (# yaml-language-server: $schema=...)', () => {
    it('puts a diagnostic on the line of a misspelled field', async () => {
      const text = modeline(maxscaleUri, misspelled);
      const { uri, diagnostics } = await open('mistakes.yaml', text);
      assert.deepEqual(await schemasOf(uri), [maxscaleUri]);
      assert.deepEqual(
        diagnostics.map((d) => d.range.start.line),
        [lineOf(text, 'monitr')],
        JSON.stringify(diagnostics),
      );
      assert.match(diagnostics[0]!.message, /monitr/);
    });

    it('reports nothing for the valid seed', async () => {
      const text = modeline(maxscaleUri, seed);
      const { uri, diagnostics } = await open('fine-grained.yaml', text);
      assert.deepEqual(await schemasOf(uri), [maxscaleUri]);
      assert.deepEqual(diagnostics, []);
    });

    it('resolves a path relative to the manifest, as a modeline in a repository would', async () => {
      const text = modeline(`./${IDE_SCHEMAS_DIR}/enterprise.mariadb.com/maxscale_v1alpha1.json`, misspelled);
      const { uri, diagnostics } = await open('relative.yaml', text);
      assert.deepEqual(await schemasOf(uri), [maxscaleUri]);
      assert.deepEqual(
        diagnostics.map((d) => d.range.start.line),
        [lineOf(text, 'monitr')],
        JSON.stringify(diagnostics),
      );
    });

    it("shows a property's own description on hover, under its format's hint", async () => {
      const text = modeline(maxscaleUri, seed);
      const { uri } = await open('hover.yaml', text);
      const cooperative = await hover(uri, text, 'cooperativeMonitoring');
      assert.ok(cooperative.includes(describedAt(maxscaleSchema, ['spec', 'monitor', 'cooperativeMonitoring'])), cooperative);
      // interval has the operator's description and the Duration hint an overlay merged in as its title: both are shown.
      const interval = await hover(uri, text, 'interval');
      assert.ok(interval.includes(describedAt(maxscaleSchema, ['spec', 'monitor', 'interval'])), interval);
      assert.ok(interval.startsWith('#### a duration such as 2s, 500ms or 1m30s\n'), interval);
    });
  });

  describe('associated by a path relative to the workspace folder', () => {
    it("checks against the community group's file", async () => {
      const community = seed.replace('enterprise.mariadb.com/v1alpha1', 'k8s.mariadb.com/v1alpha1');
      const fine = await open('fine-grained.community.yaml', community);
      assert.deepEqual(await schemasOf(fine.uri), [pathToFileURL(join(dir, IDE_SCHEMAS_DIR, COMMUNITY_MAXSCALE)).href]);
      assert.deepEqual(fine.diagnostics, []);
      // The enterprise apiVersion is wrong in the community group's file.
      const wrongGroup = await open('wrong-group.community.yaml', seed);
      assert.deepEqual(
        wrongGroup.diagnostics.map((d) => d.range.start.line),
        [lineOf(seed, 'apiVersion')],
        JSON.stringify(wrongGroup.diagnostics),
      );
    });
  });

  // Last, so that it sees every request of the tests above (mocha runs a suite's own tests before its children's).
  describe('afterwards', () => {
    it('fetched nothing remote', () => {
      assert.deepEqual(
        client.serverRequests.filter((r) => r.method === 'vscode/content'),
        [],
      );
    });
  });
});
