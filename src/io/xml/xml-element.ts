/**
 * A small read-only XML DOM: each element keeps its name, attributes, child elements,
 * its own text (the character data directly inside it, CDATA included, comments
 * excluded) and the line it starts on, so that importers can say where a problem is.
 *
 * Built by parseXml (parse-xml.ts); value helpers that turn text into numbers and
 * vectors with errors naming the element and line are in xml-values.ts.
 */

export interface XmlElement {
  /** Tag name as written (namespace prefix included, e.g. "PinJoint"). */
  readonly name: string;
  /** Attributes by name. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** Direct character data of this element, untrimmed (children's text excluded). */
  readonly text: string;
  /** 1-based line of the element's start tag. */
  readonly line: number;
  /** The enclosing element, or null for the document's root element. */
  readonly parent: XmlElement | null;
  /** File name given to the parser, for messages ("" when none). */
  readonly fileName: string;
}

/** The first child element called `name`, or undefined. */
export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** All child elements called `name`, in document order. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The element's "name" attribute, or "" when absent (OpenSim objects are named this way). */
export function nameAttribute(element: XmlElement): string {
  return element.attributes.name ?? '';
}

/** "<Tag name="x"> at line N of file" for messages. */
export function describeElement(element: XmlElement): string {
  const name = element.attributes.name;
  const label = name !== undefined && name !== '' ? `<${element.name} name="${name}">` : `<${element.name}>`;
  const file = element.fileName !== '' ? ` of ${element.fileName}` : '';
  return `${label} at line ${element.line}${file}`;
}

/** Every descendant element (depth first, document order), not including `element` itself. */
export function descendants(element: XmlElement): XmlElement[] {
  const found: XmlElement[] = [];
  const stack = [...element.children].reverse();
  while (stack.length > 0) {
    const next = stack.pop() as XmlElement;
    found.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]);
  }
  return found;
}
