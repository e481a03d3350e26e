// The caps that keep an answer and a log line small whatever a request holds: causes, the denial message,
// warnings (as the API server keeps them), echoed names, escaped prefixes of refused input, log lines.
import { strict as assert } from 'node:assert';
import type { FieldError } from '../../policies/field-error.js';
import {
  MAX_CAUSES,
  MAX_CAUSE_FIELD,
  MAX_CAUSE_MESSAGE,
  MAX_CAUSES_BYTES,
  MAX_DENIAL_MESSAGE,
  MAX_WARNINGS_TOTAL,
  MAX_WARNING_LENGTH,
  boundedCauses,
  boundedWarnings,
  denialList,
  echoedName,
  jsonBytes,
  warningText,
} from '../../webhook/answer-bounds.js';
import { ECHO_PREFIX_CHARS, describeValue, escapedPrefix } from '../../webhook/input-echo.js';
import { MAX_LOG_LINE_BYTES, boundedLine, createLogger } from '../../webhook/request-log.js';

const finding = (i: number, rule = 'maxscale/duplicate-server-name', message = `Duplicate value: "s": spec.servers[0] has the same name`): FieldError => ({
  path: `spec.servers[${i}].name`,
  rule,
  severity: 'error',
  message,
  reason: 'FieldValueDuplicate',
});

describe('answer bounds', () => {
  describe('causes', () => {
    it('lists every finding while there are at most MAX_CAUSES', () => {
      const causes = boundedCauses(Array.from({ length: MAX_CAUSES }, (_, i) => finding(i)));
      assert.equal(causes.length, MAX_CAUSES);
      assert.deepEqual(causes[MAX_CAUSES - 1], { reason: 'FieldValueDuplicate', field: `spec.servers[${MAX_CAUSES - 1}].name`, message: finding(0).message });
    });

    it('lists the first MAX_CAUSES in full, then one cause that counts the rest, names their rules and says how to see them all', () => {
      const findings = [...Array.from({ length: 150 }, (_, i) => finding(i)), finding(150, 'maxscale/duplicate-server-address')];
      const causes = boundedCauses(findings);
      assert.equal(causes.length, MAX_CAUSES + 1);
      assert.equal(causes[MAX_CAUSES - 1]!.field, `spec.servers[${MAX_CAUSES - 1}].name`);
      const last = causes[MAX_CAUSES]!;
      assert.equal(last.field, '');
      assert.match(last.message, /^and 51 more findings not listed here \(maxscale\/duplicate-server-name, maxscale\/duplicate-server-address\)/);
      assert.match(last.message, /mdbkit lint/);
    });

    it('cuts a long message and a long field path, keeping their beginning', () => {
      const [cause] = boundedCauses([{ ...finding(0), path: `spec.x[${'k'.repeat(100_000)}]`, message: `Invalid value: "${'v'.repeat(1_000_000)}"` }]);
      assert.equal(cause!.message.length, MAX_CAUSE_MESSAGE);
      assert.ok(cause!.message.startsWith('Invalid value: "vvv') && cause!.message.endsWith('…'));
      assert.equal(cause!.field.length, MAX_CAUSE_FIELD);
    });

    it('lists fewer causes when their JSON would pass MAX_CAUSES_BYTES: a control character takes six bytes escaped', () => {
      const findings = Array.from({ length: 300 }, (_, i) => finding(i, 'x/y', `Duplicate value: "${'\u0001'.repeat(2000)}"`));
      const causes = boundedCauses(findings);
      const listed = causes.slice(0, -1);
      assert.ok(listed.length > 10 && listed.length < MAX_CAUSES, `${listed.length} causes`);
      assert.ok(jsonBytes(listed) <= MAX_CAUSES_BYTES, String(jsonBytes(listed)));
      assert.match(causes.at(-1)!.message, new RegExp(`^and ${300 - listed.length} more findings .*the webhook lists the first ${listed.length};`));
      assert.ok(jsonBytes(denialList(causes, findings.length)) <= MAX_DENIAL_MESSAGE + 200);
    });

    it('keeps the denial message within MAX_DENIAL_MESSAGE, saying how many findings it leaves out', () => {
      const findings = Array.from({ length: 1000 }, (_, i) => finding(i, 'x/y', 'm'.repeat(900)));
      const message = denialList(boundedCauses(findings), findings.length);
      assert.ok(message.length < MAX_DENIAL_MESSAGE + 200, String(message.length));
      const listed = (message.match(/spec\.servers\[\d+\]\.name: /g) ?? []).length;
      assert.ok(listed > 10 && listed < MAX_CAUSES);
      assert.ok(message.endsWith(`and ${1000 - listed} more: run \`mdbkit lint\` on the manifest to see them all]`), message.slice(-200));
    });

    it('words one finding as the API server does, without brackets', () => {
      assert.equal(denialList(boundedCauses([finding(3)]), 1), `spec.servers[3].name: ${finding(3).message}`);
    });
  });

  describe('warnings', () => {
    it('cuts each warning below MAX_WARNING_LENGTH', () => {
      const text = warningText({ ...finding(0), message: 'w'.repeat(500) });
      assert.equal(text.length, MAX_WARNING_LENGTH - 1);
      assert.ok(text.endsWith('…'));
    });

    it('keeps distinct warnings within the API server’s 4096 runes, the last saying how many more there were', () => {
      const texts = Array.from({ length: 5000 }, (_, i) => `spec.servers[${i}]: a warning about this server that is fairly long, ${i}`);
      const kept = boundedWarnings([...texts, ...texts]);
      assert.ok(kept.reduce((sum, w) => sum + w.length, 0) <= MAX_WARNINGS_TOTAL);
      assert.ok(kept.every((w) => w.length < MAX_WARNING_LENGTH));
      assert.match(kept.at(-1)!, new RegExp(`^and ${5000 - (kept.length - 1)} more warnings: run \`mdbkit lint\``));
      assert.deepEqual(kept.slice(0, -1), texts.slice(0, kept.length - 1));
    });

    it('keeps a few warnings as they are, repeats dropped', () => {
      assert.deepEqual(boundedWarnings(['a: x', 'b: y', 'a: x']), ['a: x', 'b: y']);
    });
  });

  describe('echoes of refused input', () => {
    it('keeps at most a 64-character prefix and says how long the value was', () => {
      const echoed = escapedPrefix('K'.repeat(2_000_000));
      assert.equal(echoed, `${'K'.repeat(ECHO_PREFIX_CHARS)}…(2000000 characters)`);
    });

    it('escapes control characters, line breaks, quotes and bidirectional overrides', () => {
      assert.equal(escapedPrefix('a\nb\r\u001b[31m"\\\u0000\u0085\u2028\u202e'), 'a\\nb\\r\\u001b[31m\\"\\\\\\u0000\\u0085\\u2028\\u202e');
    });

    it('never cuts a surrogate pair in half, and escapes a lonely one', () => {
      const echoed = escapedPrefix(`${'x'.repeat(ECHO_PREFIX_CHARS - 1)}😀tail`);
      assert.ok(echoed.startsWith(`${'x'.repeat(ECHO_PREFIX_CHARS - 1)}…`), echoed);
      assert.equal(escapedPrefix('a\ud800b'), 'a\\ud800b');
      assert.equal(escapedPrefix('😀'), '😀');
    });

    it('describes values that are not strings instead of printing them', () => {
      assert.equal(describeValue({ huge: 'x'.repeat(100_000) }), 'an object');
      assert.equal(describeValue(new Array(70_000).fill(1)), 'a list of 70000 items');
      assert.equal(describeValue(undefined), 'nothing');
      assert.equal(describeValue(42), '42');
      assert.equal(describeValue('Admission\nReview'), '"Admission\\nReview"');
    });

    it('repeats a name of Kubernetes length as it is, a longer one as an escaped prefix', () => {
      assert.equal(echoedName('n'.repeat(253)), 'n'.repeat(253));
      assert.equal(echoedName('n'.repeat(500_000)), `${'n'.repeat(ECHO_PREFIX_CHARS)}…(500000 characters)`);
    });
  });

  describe('log lines', () => {
    const bytes = (line: string) => Buffer.byteLength(line);

    it('writes a short line as it is', () => {
      const record = { time: 't', level: 'info', msg: 'admission', rules: ['a/b'], uid: 'u' };
      assert.equal(boundedLine(record), `${JSON.stringify(record)}\n`);
    });

    it('shortens long strings and lists to stay under MAX_LOG_LINE_BYTES, and says so', () => {
      const line = boundedLine({ time: 't', level: 'warn', msg: 'm', kind: 'é'.repeat(2_000_000), rules: Array.from({ length: 120_000 }, (_, i) => `r/${i}`) });
      assert.ok(bytes(line) <= MAX_LOG_LINE_BYTES, String(bytes(line)));
      const parsed = JSON.parse(line) as { kind: string; rules: string[]; truncated: boolean };
      assert.equal(parsed.truncated, true);
      assert.match(parsed.kind, /^é+…\(2000000 characters\)$/);
      assert.equal(parsed.rules.at(-1), '…(119980 more)');
    });

    it('keeps only time, level and message when shortening each field is not enough', () => {
      const record: Record<string, unknown> = { time: 't', level: 'error', msg: 'm' };
      for (let i = 0; i < 500; i++) record[`field${i}`] = 'x'.repeat(200);
      const line = boundedLine(record);
      assert.ok(bytes(line) <= MAX_LOG_LINE_BYTES);
      assert.deepEqual(Object.keys(JSON.parse(line) as object), ['time', 'level', 'msg', 'truncated', 'bytes']);
    });

    it('is what every logger writes', () => {
      const lines: string[] = [];
      createLogger('info', (line) => lines.push(line)).warn('admission request rejected', { kind: 'K'.repeat(2_000_000) });
      assert.equal(lines.length, 1);
      assert.ok(bytes(lines[0]!) <= MAX_LOG_LINE_BYTES);
    });
  });
});
