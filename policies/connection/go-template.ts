// Hand-written because no npm package parses Go's text/template: the operator parses a Connection's
// spec.secretTemplate.format with Go's text/template (its webhook refuses what does not parse) and executes it
// on a map of Username, Password, Host, Port, Database and Params. This follows the lexer and parser of
// https://pkg.go.dev/text/template (actions, `{{-`/`-}}` trim markers, comments, pipelines, variables, control
// structures, the built-in functions) closely enough to find what Go refuses, and where; it does not run templates.

/** A problem in a template, with its place: `offset` counts UTF-16 units, `line` and `column` count from 1. */
export interface TemplateProblem {
  /** `syntax`: Go's parser refuses it (the operator's webhook does too). `field`: it parses, but executes wrong. */
  kind: 'syntax' | 'field';
  message: string;
  offset: number;
  line: number;
  column: number;
}

export interface TemplateCheckOptions {
  /** The keys of the map the template executes on; fields of `.` and `$` are checked against them. */
  fields: readonly string[];
  /** For an unknown field, the name meant (policies/closest-name.ts). */
  suggest?: (name: string, candidates: readonly string[]) => string | undefined;
}

// text/template's built-in functions (the operator adds none).
const BUILTINS = new Set([
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
]);
const MAX_DEPTH = 1000;
const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);

type TokenType =
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'dot'
  | 'variable'
  | 'string'
  | 'char'
  | 'number'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'assign'
  | 'declare'
  | 'other'
  | 'eof';

interface Token {
  type: TokenType;
  value: string;
  pos: number;
}

class TemplateError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);

/** Go's lexer over the whole text: text outside actions is dropped, comments vanish, actions become tokens. */
function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const atRightDelim = (at: number): number => {
    if (isSpace(text[at]) && text[at + 1] === '-' && text.startsWith('}}', at + 2)) return 4;
    return text.startsWith('}}', at) ? 2 : 0;
  };
  const atTerminator = (at: number): boolean => {
    const c = text[at];
    return c === undefined || isSpace(c) || '.,|:()'.includes(c) || text.startsWith('}}', at);
  };
  while (pos < text.length) {
    const open = text.indexOf('{{', pos);
    if (open < 0) break;
    pos = open + 2;
    if (text[pos] === '-' && isSpace(text[pos + 1])) pos += 2;
    if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      if (close < 0) throw new TemplateError('unclosed comment: a comment opened with /* needs */ before }}', open);
      pos = close + 2;
      const delim = atRightDelim(pos);
      if (delim === 0) throw new TemplateError('comment ends before closing delimiter: write */}} (or */ -}}) with nothing in between', pos);
      pos += delim;
      continue;
    }
    tokens.push({ type: 'leftDelim', value: '{{', pos: open });
    try {
      pos = lexAction(text, pos, open, tokens, atRightDelim, atTerminator);
    } catch (error) {
      // A single } inside an action is a character to Go, not half a delimiter: say so where it explains the error.
      const action = text.slice(open, error instanceof TemplateError ? error.pos : text.length);
      if (error instanceof TemplateError && /\}(?!\})/.test(action.slice(2))) {
        throw new TemplateError(`${error.message} (a single } does not close an action: write }})`, error.pos);
      }
      throw error;
    }
  }
  tokens.push({ type: 'eof', value: '', pos: text.length });
  return tokens;
}

/** The tokens of one action, from after its {{ to after its }}; returns the position after the }}. */
function lexAction(
  text: string,
  from: number,
  open: number,
  tokens: Token[],
  atRightDelim: (at: number) => number,
  atTerminator: (at: number) => boolean,
): number {
  let pos = from;
  let parenDepth = 0;
  for (;;) {
    const delim = atRightDelim(pos);
    if (delim > 0) {
      if (parenDepth > 0) throw new TemplateError('unclosed left paren: a ( in this action has no )', pos);
      tokens.push({ type: 'rightDelim', value: '}}', pos });
      return pos + delim;
    }
    const start = pos;
    const c = text[pos];
    if (c === undefined) throw new TemplateError('unclosed action: {{ has no matching }}', open);
    pos++;
    if (isSpace(c)) {
      while (isSpace(text[pos])) pos++;
      // The space before `-}}` belongs to the trim marker.
      if (text[pos] === '-' && text.startsWith('}}', pos + 1)) {
        pos--;
        if (pos === start) continue;
      }
      tokens.push({ type: 'space', value: text.slice(start, pos), pos: start });
    } else if (c === '=') tokens.push({ type: 'assign', value: '=', pos: start });
    else if (c === ':') {
      if (text[pos] !== '=') throw new TemplateError('expected := after :', start);
      pos++;
      tokens.push({ type: 'declare', value: ':=', pos: start });
    } else if (c === '|') tokens.push({ type: 'pipe', value: '|', pos: start });
    else if (c === '"') {
      for (;;) {
        const d = text[pos++];
        if (d === '\\') {
          const e = text[pos++];
          if (e === undefined || e === '\n') throw new TemplateError('unterminated quoted string', start);
        } else if (d === undefined || d === '\n') throw new TemplateError('unterminated quoted string', start);
        else if (d === '"') break;
      }
      const value = text.slice(start, pos);
      const bad = badEscape(value.slice(1, -1), '"');
      if (bad) throw new TemplateError(`invalid string ${value}: ${bad}`, start);
      tokens.push({ type: 'string', value, pos: start });
    } else if (c === '`') {
      const close = text.indexOf('`', pos);
      if (close < 0) throw new TemplateError('unterminated raw quoted string', start);
      pos = close + 1;
      tokens.push({ type: 'string', value: text.slice(start, pos), pos: start });
    } else if (c === "'") {
      for (;;) {
        const d = text[pos++];
        if (d === '\\') {
          const e = text[pos++];
          if (e === undefined || e === '\n') throw new TemplateError('unterminated character constant', start);
        } else if (d === undefined || d === '\n') throw new TemplateError('unterminated character constant', start);
        else if (d === "'") break;
      }
      const value = text.slice(start, pos);
      if (!validChar(value.slice(1, -1))) throw new TemplateError(`malformed character constant: ${value}`, start);
      tokens.push({ type: 'char', value, pos: start });
    } else if (c === '$' || (c === '.' && !/[0-9]/.test(text[pos] ?? ''))) {
      if (c === '.' && atTerminator(pos)) {
        tokens.push({ type: 'dot', value: '.', pos: start });
        continue;
      }
      while (isAlphaNumeric(text[pos])) pos++;
      if (!atTerminator(pos)) throw new TemplateError(`bad character ${JSON.stringify(text[pos])} after ${text.slice(start, pos)}`, pos);
      tokens.push({ type: c === '$' ? 'variable' : 'field', value: text.slice(start, pos), pos: start });
    } else if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) {
      pos = scanNumber(text, start);
      const value = text.slice(start, pos);
      if (isAlphaNumeric(text[pos]) || !validNumber(value))
        throw new TemplateError(`bad number syntax: ${JSON.stringify(text.slice(start, pos + 1).trim())}`, start);
      tokens.push({ type: 'number', value, pos: start });
    } else if (isAlphaNumeric(c)) {
      while (isAlphaNumeric(text[pos])) pos++;
      if (!atTerminator(pos)) throw new TemplateError(`bad character ${JSON.stringify(text[pos])} after ${text.slice(start, pos)}`, pos);
      const word = text.slice(start, pos);
      const type: TokenType = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : 'identifier';
      tokens.push({ type, value: word, pos: start });
    } else if (c === '(') {
      parenDepth++;
      tokens.push({ type: 'leftParen', value: '(', pos: start });
    } else if (c === ')') {
      parenDepth--;
      if (parenDepth < 0) throw new TemplateError('unexpected right paren: ) without (', start);
      tokens.push({ type: 'rightParen', value: ')', pos: start });
    } else if (c.charCodeAt(0) < 0x7f && c >= ' ') tokens.push({ type: 'other', value: c, pos: start });
    else throw new TemplateError(`unrecognized character in action: ${JSON.stringify(c)}`, start);
  }
}

/** Where Go's scanNumber stops: sign, base prefix, digits, fraction, exponent, imaginary `i`. */
function scanNumber(text: string, start: number): number {
  let pos = start;
  const accept = (chars: string) => (text[pos] !== undefined && chars.includes(text[pos]!) ? (pos++, true) : false);
  const acceptRun = (chars: string) => {
    while (accept(chars));
  };
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  accept('i');
  return pos;
}

/** Whether Go's strconv accepts the literal as an integer, float or imaginary number. */
function validNumber(literal: string): boolean {
  let body = literal.replace(/^[+-]/, '');
  if (body.endsWith('i')) body = body.slice(0, -1);
  // Underscores only between digits (or after a base prefix).
  if (/(^_|_$|__|_\.|\._|_[eEpP]|[eEpP]_)/.test(body.replace(/^0[xXoObB]_/, '0x'))) return false;
  const plain = body.replace(/_/g, '');
  return (
    /^0[xX][0-9a-fA-F]+$/.test(plain) ||
    /^0[oO][0-7]+$/.test(plain) ||
    /^0[bB][01]+$/.test(plain) ||
    /^0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/.test(plain) ||
    /^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(plain)
  );
}

/** What is wrong with the escapes of a quoted literal's contents, as strconv.Unquote sees them. */
function badEscape(body: string, quote: '"' | "'"): string | undefined {
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') continue;
    const e = body[++i];
    if (e !== undefined && 'abfnrtv\\'.includes(e)) continue;
    if (e === quote) continue;
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = body.slice(i + 1, i + 1 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) return `\\${e} needs ${hex} hex digits`;
      if (hex > 2 && Number.parseInt(digits, 16) > 0x10ffff) return `\\${e}${digits} is not a Unicode code point`;
      i += hex;
      continue;
    }
    if (e !== undefined && /[0-7]/.test(e)) {
      const digits = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return `octal escape \\${digits} needs three octal digits up to \\377`;
      i += 2;
      continue;
    }
    return `unknown escape \\${e ?? ''}`;
  }
  return undefined;
}

function validChar(body: string): boolean {
  if (body.startsWith('\\')) {
    if (badEscape(body, "'") !== undefined) return false;
    const e = body[1] ?? '';
    const length = e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : /[0-7]/.test(e) ? 4 : 2;
    return body.length === length;
  }
  return [...body].length === 1;
}

/** Go's parser over the tokens, plus what executing on the operator's map would get wrong. */
class Parser {
  private index = 0;
  private readonly vars: string[] = ['$'];
  private readonly defined = new Set<string>();
  private readonly called: Token[] = [];
  readonly fieldProblems: Array<{ message: string; pos: number }> = [];
  /** Whether `.` is still the operator's map: not inside with, range, define or block. */
  private dotKnown = true;
  private rangeDepth = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly options: TemplateCheckOptions,
  ) {}

  parse(): void {
    this.itemList(false);
    for (const call of this.called) {
      const name = unquote(call.value);
      if (!this.defined.has(name)) {
        this.fieldProblems.push({ message: `no template named ${JSON.stringify(name)} is defined in the format: executing it fails`, pos: call.pos });
      }
    }
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'eof') this.index++;
    return token;
  }
  private nextNonSpace(): Token {
    let token = this.next();
    while (token.type === 'space') token = this.next();
    return token;
  }
  private peekNonSpace(): Token {
    const saved = this.index;
    const token = this.nextNonSpace();
    this.index = saved;
    return token;
  }
  private unexpected(token: Token, context: string): never {
    const what = token.type === 'eof' ? 'end of format' : token.type === 'rightDelim' ? '}}' : JSON.stringify(token.value);
    throw new TemplateError(`unexpected ${what} in ${context}`, token.pos);
  }
  private expect(type: TokenType, context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  private parseDefinition(): void {
    const name = this.nextNonSpace();
    if (name.type !== 'string') this.unexpected(name, 'define clause');
    this.defined.add(unquote(name.value));
    this.expect('rightDelim', 'define clause');
    // A definition starts with only $ declared, and gets its dot from whoever calls it.
    const outer = this.vars.splice(0, this.vars.length, '$');
    this.withDot(false, () => {
      const end = this.itemList(true);
      if (end?.value !== 'end') this.unexpected(end ?? this.peek(), 'define clause');
    });
    this.vars.splice(0, this.vars.length, ...outer);
  }

  /** Text and actions up to an {{end}} or {{else}} (returned), or to the end of the format. */
  private itemList(nested: boolean): Token | undefined {
    if (++this.depth > MAX_DEPTH) throw new TemplateError(`the template nests more than ${MAX_DEPTH} deep`, this.peek().pos);
    try {
      return this.itemListBody(nested);
    } finally {
      this.depth--;
    }
  }

  private itemListBody(nested: boolean): Token | undefined {
    for (;;) {
      const token = this.next();
      if (token.type === 'eof') {
        if (nested) throw new TemplateError('unexpected end of format: an {{if}}, {{range}}, {{with}}, {{define}} or {{block}} has no {{end}}', token.pos);
        return undefined;
      }
      if (token.type !== 'leftDelim') this.unexpected(token, 'input');
      const keyword = this.peekNonSpace();
      if (keyword.type === 'keyword' && (keyword.value === 'end' || keyword.value === 'else')) {
        this.nextNonSpace();
        if (!nested) throw new TemplateError(`unexpected {{${keyword.value}}}: there is no {{if}}, {{range}} or {{with}} to ${keyword.value}`, keyword.pos);
        if (keyword.value === 'end') this.expect('rightDelim', 'end');
        return keyword;
      }
      if (keyword.type === 'keyword' && keyword.value === 'define' && !nested) {
        this.nextNonSpace();
        this.parseDefinition();
        continue;
      }
      this.action();
    }
  }

  private action(): void {
    const token = this.nextNonSpace();
    if (token.type === 'keyword') {
      switch (token.value) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) throw new TemplateError(`{{${token.value}}} outside {{range}}`, token.pos);
          this.expect('rightDelim', token.value);
          return;
        case 'if':
          return this.control('if');
        case 'range':
          return this.control('range');
        case 'with':
          return this.control('with');
        case 'template':
          return this.templateControl();
        case 'define':
          throw new TemplateError('{{define}} is only allowed at the top level of the format', token.pos);
      }
    }
    this.index--;
    this.pipeline('command', 'rightDelim');
  }

  private control(context: 'if' | 'range' | 'with'): void {
    const depth = this.vars.length;
    this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const end = this.withDot(context === 'if' && this.dotKnown, () => this.itemList(true));
    if (context === 'range') this.rangeDepth--;
    if (end?.value === 'else') {
      const after = this.peekNonSpace();
      if (after.type === 'keyword' && ((context === 'if' && after.value === 'if') || (context === 'with' && after.value === 'with'))) {
        // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}}: the inner control consumes the one {{end}}.
        this.nextNonSpace();
        this.control(context);
      } else {
        this.expect('rightDelim', 'else');
        const last = this.itemList(true);
        if (last?.value !== 'end') this.unexpected(last ?? this.peek(), `{{else}} of {{${context}}}: expected {{end}}, found`);
      }
    }
    this.vars.length = depth;
  }

  private blockControl(): void {
    const name = this.nextNonSpace();
    if (name.type !== 'string') this.unexpected(name, 'block clause');
    this.defined.add(unquote(name.value));
    const depth = this.vars.length;
    this.pipeline('block clause', 'rightDelim');
    this.withDot(false, () => {
      const end = this.itemList(true);
      if (end?.value !== 'end') this.unexpected(end ?? this.peek(), 'block clause');
    });
    this.vars.length = depth;
  }

  private templateControl(): void {
    const name = this.nextNonSpace();
    if (name.type !== 'string') this.unexpected(name, 'template clause');
    this.called.push(name);
    if (this.peekNonSpace().type !== 'rightDelim') this.pipeline('template clause', 'rightDelim');
    else this.nextNonSpace();
  }

  private withDot<T>(known: boolean, body: () => T): T {
    const saved = this.dotKnown;
    this.dotKnown = known;
    try {
      return body();
    } finally {
      this.dotKnown = saved;
    }
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): void {
    // Go stops at 10000; a JavaScript stack may not reach that far, and no DSN nests this deep.
    if (++this.depth > MAX_DEPTH) throw new TemplateError(`the template nests more than ${MAX_DEPTH} deep`, this.peek().pos);
    try {
      this.pipelineBody(context, end);
    } finally {
      this.depth--;
    }
  }

  private pipelineBody(context: string, end: 'rightDelim' | 'rightParen'): void {
    const first = this.peekNonSpace();
    if (first.type === 'variable') {
      const saved = this.index;
      this.nextNonSpace();
      const after = this.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        this.nextNonSpace();
        // Go parses this, and fails when executing it.
        if (after.type === 'assign' && !this.vars.includes(first.value)) {
          this.fieldProblems.push({
            message: `${first.value} is assigned with = but never declared: declare it with := first, or executing the template fails`,
            pos: first.pos,
          });
        }
        this.vars.push(first.value);
      } else if (after.type === 'other' && after.value === ',') {
        this.nextNonSpace();
        const second = this.nextNonSpace();
        if (context !== 'range') throw new TemplateError(`too many declarations in ${context}`, after.pos);
        if (second.type !== 'variable') throw new TemplateError('range can only initialize variables', second.pos);
        const op = this.nextNonSpace();
        if (op.type !== 'declare' && op.type !== 'assign') this.unexpected(op, 'range declaration');
        this.vars.push(first.value, second.value);
      } else this.index = saved;
    }
    let commands = 0;
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        if (commands === 0) throw new TemplateError(`missing value for ${context}`, token.pos);
        return;
      }
      if (
        !['bool', 'char', 'dot', 'field', 'identifier', 'number', 'string', 'variable', 'leftParen'].includes(token.type) &&
        !(token.type === 'keyword' && token.value === 'nil')
      ) {
        this.unexpected(token, context);
      }
      this.index--;
      const firstArg = this.command();
      if (commands > 0 && ['bool', 'dot', 'nil', 'number', 'string', 'char'].includes(firstArg)) {
        throw new TemplateError(`non executable command in pipeline stage ${commands + 1}: only a function or method can follow |`, token.pos);
      }
      commands++;
      if (this.peekNonSpace().type === 'pipe') this.nextNonSpace();
    }
  }

  /** One command: space-separated operands up to |, }} or ). Returns the kind of its first operand. */
  private command(): string {
    let first: string | undefined;
    for (;;) {
      while (this.peek().type === 'space') this.next();
      const kind = this.operand();
      if (kind === undefined) break;
      first ??= kind;
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen' || token.type === 'pipe') {
        this.index--;
        break;
      }
      this.unexpected(token, 'operand');
    }
    if (first === undefined) this.unexpected(this.peek(), 'command');
    return first;
  }

  private operand(): string | undefined {
    const token = this.peek();
    const kind = this.term();
    if (kind === undefined) return undefined;
    const chain: Token[] = [];
    while (this.peek().type === 'field') chain.push(this.next());
    if (chain.length > 0 && ['bool', 'string', 'number', 'char', 'nil', 'dot'].includes(kind)) {
      throw new TemplateError(`unexpected . after term ${JSON.stringify(token.value)}`, chain[0]!.pos);
    }
    if (kind === 'field' && this.dotKnown) this.checkFields([token, ...chain], '.');
    else if (kind === 'variable' && token.value === '$' && chain.length > 0) this.checkFields(chain, '$');
    return kind;
  }

  private term(): string | undefined {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!BUILTINS.has(token.value)) {
          const hint = this.options.suggest?.(token.value, [...BUILTINS]);
          throw new TemplateError(`function ${JSON.stringify(token.value)} not defined${hint ? ` (did you mean ${hint}?)` : ''}`, token.pos);
        }
        return 'identifier';
      case 'variable':
        if (!this.vars.includes(token.value)) throw new TemplateError(`undefined variable ${token.value}`, token.pos);
        return 'variable';
      case 'leftParen':
        this.pipeline('parenthesized pipeline', 'rightParen');
        return 'paren';
      case 'keyword':
        if (token.value === 'nil') return 'nil';
        break;
      case 'dot':
      case 'field':
      case 'bool':
      case 'number':
      case 'string':
      case 'char':
        return token.type;
    }
    this.index--;
    return undefined;
  }

  /** `.Name.More` on the operator's map: Name must be a key, and its value (a string) has no fields. */
  private checkFields(chain: Token[], root: '.' | '$'): void {
    const [head, ...rest] = chain;
    if (!head) return;
    const name = head.value.slice(1);
    const shown = root === '$' ? `$${head.value}` : head.value;
    if (!this.options.fields.includes(name)) {
      const hint = this.options.suggest?.(name, this.options.fields);
      this.fieldProblems.push({
        message: `${shown} is not a value the template is given: Go renders it as "<no value>" (false in a condition)${hint ? `; did you mean .${hint}?` : ''} (the values are ${this.options.fields.map((f) => `.${f}`).join(', ')}, case-sensitive)`,
        pos: head.pos,
      });
    } else if (rest.length > 0) {
      this.fieldProblems.push({
        message: `${shown} is a string: it has no field ${rest[0]!.value.slice(1)}, and executing the template fails`,
        pos: rest[0]!.pos,
      });
    }
  }
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/**
 * What Go's text/template would refuse in `text` (at most one syntax problem: Go stops at the first), else the
 * problems of executing it on a map with `options.fields` as keys. Empty when the template is fine.
 */
export function templateProblems(text: string, options: TemplateCheckOptions): TemplateProblem[] {
  try {
    const parser = new Parser(lex(text), options);
    parser.parse();
    return parser.fieldProblems.map((p) => ({ kind: 'field' as const, message: p.message, offset: p.pos, ...place(text, p.pos) }));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return [{ kind: 'syntax', message: error.message, offset: error.pos, ...place(text, error.pos) }];
  }
}
