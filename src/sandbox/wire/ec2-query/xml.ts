/**
 * Serialises EC2 response bodies. An operation returns a plain object whose keys are the XML element
 * names of botocore's model (`vpcSet`, `cidrBlockAssociationSet`...); this writes them once, the way
 * EC2 does: an array becomes a list of `<item>` elements, `undefined`/`null` is omitted (EC2 leaves
 * absent members out), a Date is ISO 8601 with milliseconds, booleans are `true|false`.
 */
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

/** The content (children or text) of one element. */
export function xmlContent(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    return (value as readonly XmlValue[])
      .filter((v) => v !== undefined && v !== null)
      .map((v) => `<item>${xmlContent(v)}</item>`)
      .join('');
  }
  if (isBody(value)) {
    let out = '';
    for (const [name, child] of Object.entries(value)) out += xmlElement(name, child);
    return out;
  }
  return scalarText(value as XmlScalar);
}

/** `<name>content</name>`, or nothing when the value is absent. */
export function xmlElement(name: string, value: XmlValue, attributes = ''): string {
  if (value === undefined || value === null) return '';
  return `<${name}${attributes}>${xmlContent(value)}</${name}>`;
}

/** A whole document: declaration plus one root element with an optional default namespace. */
export function xmlDocument(root: string, body: XmlBody, xmlns?: string): string {
  const attrs = xmlns ? ` xmlns="${escapeAttribute(xmlns)}"` : '';
  return `${XML_DECLARATION}\n${xmlElement(root, body, attrs)}`;
}
