/**
 * Serialises EC2 response bodies. An operation returns a plain object whose keys are the XML element
 * names of botocore's model (`vpcSet`, `cidrBlockAssociationSet`...); this writes them once, the way
 * EC2 does: an array becomes a list of `<item>` elements, `undefined`/`null` is omitted (EC2 leaves
 * absent members out), a Date is ISO 8601 with milliseconds, booleans are `true|false`.
 *
 * A few botocore lists name their members otherwise (a launch template interface's `groupSet`
 * holds `<groupId>` elements): write those under the key `listElement('groupSet', 'groupId')`,
 * i.e. `'groupSet/groupId'` (a slash cannot occur in an XML name, so the key is unambiguous and
 * survives code that copies bodies key by key).
 */
import { XMLBuilder } from 'fast-xml-parser';

export type XmlScalar = string | number | boolean | Date;
export type XmlValue = XmlScalar | XmlBody | readonly XmlValue[] | undefined | null;
export interface XmlBody {
  [element: string]: XmlValue;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Text content: EC2 escapes only what XML requires (`'` and `"` stay literal in messages). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttribute(text: string): string {
  return escapeXml(text).replace(/"/g, '&quot;');
}

function scalarText(value: XmlScalar): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot serialise ${value} as XML`);
    return String(value);
  }
  return escapeXml(String(value));
}

function isBody(value: XmlValue): value is XmlBody {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !Array.isArray(value);
}

/** The key of a list element whose members are `<member>` instead of `<item>`. */
export function listElement(name: string, member: string): string {
  return `${name}/${member}`;
}

/** Our XmlBody as fast-xml-parser's builder reads it: lists become repeated member elements. */
function toBuilderTree(value: XmlValue, member = 'item'): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const members = (value as readonly XmlValue[]).filter((v) => v !== undefined && v !== null);
    return { [member]: members.map((v) => toBuilderTree(v)) };
  }
  if (isBody(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || child === null) continue;
      const slash = key.indexOf('/');
      if (slash < 0) out[key] = toBuilderTree(child);
      else out[key.slice(0, slash)] = toBuilderTree(child, key.slice(slash + 1));
    }
    return out;
  }
  return scalarText(value as XmlScalar);
}

// Values are escaped by scalarText (EC2's own rules), so the builder must not escape them again.
const builder = new XMLBuilder({ processEntities: false, suppressEmptyNode: false });

/** The content (children or text) of one element; list members are `<member>` elements. */
export function xmlContent(value: XmlValue, member = 'item'): string {
  const tree = toBuilderTree(value, member);
  if (tree === undefined) return '';
  return typeof tree === 'string' ? tree : builder.build(tree);
}

/** `<name>content</name>`, or nothing when the value is absent. */
export function xmlElement(name: string, value: XmlValue, attributes = '', member = 'item'): string {
  if (value === undefined || value === null) return '';
  return `<${name}${attributes}>${xmlContent(value, member)}</${name}>`;
}

/** A whole document: declaration plus one root element with an optional default namespace. */
export function xmlDocument(root: string, body: XmlBody, xmlns?: string): string {
  const attrs = xmlns ? ` xmlns="${escapeAttribute(xmlns)}"` : '';
  return `${XML_DECLARATION}\n${xmlElement(root, body, attrs)}`;
}
