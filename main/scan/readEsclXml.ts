import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { scanFailure } from './scanFailure';

/** A parsed XML element: child elements by local name (namespace prefixes dropped), text as strings. */
export type EsclNode = { [name: string]: EsclValue };
export type EsclValue = string | EsclNode | EsclValue[];

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * Parses an eSCL XML document from the scanner and returns its root element. Prefixes are dropped
 * because devices do not all use `scan:`/`pwg:`. Anything that is not well-formed XML with the
 * expected root is refused with the typed `bad-response` failure, so a broken device never
 * reaches the officer as a crash.
 */
export function readEsclXml(text: string, root: string, what: string): EsclNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw scanFailure('bad-response', `${what}: malformed XML (${valid.err.code} at ${valid.err.line}:${valid.err.col}: ${valid.err.msg})`);
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    throw scanFailure('bad-response', `${what}: ${(error as Error).message}`, error);
  }
  const node = isNode(parsed) ? parsed[root] : undefined;
  if (!isNode(node)) throw scanFailure('bad-response', `${what}: no <${root}> root element`);
  return node;
}

export function isNode(value: unknown): value is EsclNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every child of `node` named `name`, whether the document had one or many. */
export function children(node: EsclValue | undefined, name: string): EsclValue[] {
  if (!isNode(node)) return [];
  const value = Object.hasOwn(node, name) ? node[name] : undefined;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first child element named `name`, if it is an element. */
export function child(node: EsclValue | undefined, name: string): EsclNode | undefined {
  const found = children(node, name).find(isNode);
  return found;
}

/** The text of the first child named `name` (an empty element gives ''). */
export function textOf(node: EsclValue | undefined, name: string): string | undefined {
  for (const value of children(node, name)) {
    if (typeof value === 'string') return value;
    if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  }
  return undefined;
}

/** The texts of every child named `name`. */
export function textsOf(node: EsclValue | undefined, name: string): string[] {
  return children(node, name).flatMap((value) => (typeof value === 'string' ? [value] : isNode(value) && typeof value['#text'] === 'string' ? [value['#text']] : []));
}

/** A non-negative integer child, or undefined when absent or not a number. */
export function uintOf(node: EsclValue | undefined, name: string): number | undefined {
  const text = textOf(node, name);
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}
