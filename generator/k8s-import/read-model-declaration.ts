import ts from 'typescript';

export interface DeclaredProperty {
  /** TypeScript property name (attributeTypeMap `name`, not the JSON `baseName`). */
  name: string;
  optional: boolean;
  description: string | undefined;
}

export interface ModelDeclaration {
  description: string | undefined;
  openApiVersion: string;
  properties: Map<string, DeclaredProperty>;
}

const OPENAPI_VERSION_LINE = /^\s*\*\s*OpenAPI spec version:\s*(\S+)\s*$/m;

/** Reads what only the .d.ts carries: JSDoc descriptions, `?` optionality and the spec version header. */
export function readModelDeclaration(className: string, fileName: string, source: string): ModelDeclaration {
  const versionMatch = OPENAPI_VERSION_LINE.exec(source);
  if (!versionMatch?.[1]) {
    throw new Error(`${fileName}: no "OpenAPI spec version:" header`);
  }
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const classNode = sourceFile.statements.find(
    (statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === className,
  );
  if (!classNode) {
    throw new Error(`${fileName}: no class ${className}`);
  }
  const properties = new Map<string, DeclaredProperty>();
  for (const member of classNode.members) {
    // Static members are the generator's plumbing (attributeTypeMap, discriminator), not model fields.
    if (!ts.isPropertyDeclaration(member) || hasStaticModifier(member)) continue;
    const name = propertyNameText(member.name, fileName);
    properties.set(name, {
      name,
      optional: member.questionToken !== undefined,
      description: jsDocText(member, fileName),
    });
  }
  return { description: jsDocText(classNode, fileName), openApiVersion: versionMatch[1], properties };
}

function hasStaticModifier(member: ts.PropertyDeclaration): boolean {
  return member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

function propertyNameText(name: ts.PropertyName, fileName: string): string {
  if (ts.isStringLiteral(name) || ts.isIdentifier(name)) return name.text;
  throw new Error(`${fileName}: unexpected property name ${name.getText()}`);
}

/** The JSDoc nearest the node; the file header comment can also attach to the class when no imports separate them. */
function jsDocText(node: ts.Node, fileName: string): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const doc = docs[docs.length - 1];
  if (!doc) return undefined;
  // A tag would mean part of the description was parsed away; fail rather than silently lose it.
  if (doc.tags && doc.tags.length > 0) {
    throw new Error(`${fileName}: unexpected JSDoc tag in ${doc.getText()}`);
  }
  const text = ts.getTextOfJSDocComment(doc.comment);
  return text === undefined ? undefined : unescapeGeneratorText(text);
}

/** openapi-generator backslash-escapes quotes and backslashes inside descriptions; undo it in one pass. */
export function unescapeGeneratorText(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}
