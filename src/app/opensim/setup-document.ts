/**
 * An OpenSim setup file (the XML a tool is run with): its tool element and the helpers
 * the tools use to read their settings, resolve file names relative to the setup file
 * (as OpenSim does, which changes to the setup file's folder while it runs), and name
 * the element and line in every error.
 *
 * Layout: <OpenSimDocument Version="..."><ToolName name="...">settings</ToolName>
 * </OpenSimDocument>, or (very old files) the tool element as the root.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { KinechainError } from '../../core/errors.js';
import { readTextFile } from '../../io/table/file-access.js';
import { parseXml } from '../../io/xml/parse-xml.js';
import { childElement, type XmlElement } from '../../io/xml/xml-element.js';
import { malformedElement, parseNumberToken, readBoolean, readNumbers, readText } from '../../io/xml/xml-values.js';

export interface SetupDocument {
  /** Absolute path of the setup file. */
  readonly path: string;
  /** Its folder: relative file names in the settings are resolved against it. */
  readonly folder: string;
  /** OpenSimDocument Version attribute (undefined when absent). */
  readonly version: number | undefined;
  /** The tool element, e.g. <InverseDynamicsTool name="...">. */
  readonly tool: XmlElement;
  /** Its tag: "InverseDynamicsTool", "AnalyzeTool", "InverseKinematicsTool", ... */
  readonly toolName: string;
  /** Its name attribute ("" when absent): OpenSim prefixes some result files with it. */
  readonly name: string;
}

/** Parses the text of a setup file; `path` names it in messages and anchors relative paths. */
export function parseSetupDocument(text: string, path: string): SetupDocument {
  const absolute = resolve(path);
  const root = parseXml(text, { fileName: absolute });
  let tool = root;
  let version: number | undefined;
  if (root.name === 'OpenSimDocument') {
    const versionText = root.attributes.Version;
    if (versionText !== undefined) {
      const parsed = Number(versionText);
      if (!Number.isFinite(parsed)) throw malformedElement(root, `Version="${versionText}" is not a number`);
      version = parsed;
    }
    if (root.children.length !== 1) {
      throw malformedElement(
        root,
        `a setup file holds exactly one tool element inside <OpenSimDocument>, found ${root.children.length}` +
          (root.children.length > 0 ? ` (${root.children.map((child) => `<${child.name}>`).join(', ')})` : ''),
      );
    }
    tool = root.children[0];
  }
  return { path: absolute, folder: dirname(absolute), version, tool, toolName: tool.name, name: tool.attributes.name ?? '' };
}

export async function readSetupDocument(path: string): Promise<SetupDocument> {
  return parseSetupDocument(await readTextFile(path, 'OpenSim setup file'), path);
}

/** UNSUPPORTED naming the element and its line. */
export function unsupportedSetting(element: XmlElement, problem: string): KinechainError {
  return new KinechainError('UNSUPPORTED', `${element.fileName}: line ${element.line}: <${element.name}> ${problem}`, {
    file: element.fileName,
    line: element.line,
    element: element.name,
  });
}

/** MALFORMED_INPUT naming the element and its line. */
export function malformedSetting(element: XmlElement, problem: string): KinechainError {
  return new KinechainError('MALFORMED_INPUT', `${element.fileName}: line ${element.line}: <${element.name}> ${problem}`, {
    file: element.fileName,
    line: element.line,
    element: element.name,
  });
}

/** "", "Unassigned" and "Unknown" mean "no file" in OpenSim settings. */
export function isUnassigned(text: string): boolean {
  const lower = text.trim().toLowerCase();
  return lower === '' || lower === 'unassigned' || lower === 'unknown';
}

/** The trimmed text of child `name`, or undefined when absent or unassigned. */
export function settingText(parent: XmlElement, name: string): string | undefined {
  const child = childElement(parent, name);
  if (child === undefined) return undefined;
  const text = readText(child);
  return isUnassigned(text) ? undefined : text;
}

/** The number in child `name` (Inf allowed), or `fallback` when absent or empty. */
export function settingNumber(parent: XmlElement, name: string, fallback: number): number {
  const child = childElement(parent, name);
  if (child === undefined || readText(child) === '') return fallback;
  const tokens = readText(child).split(/\s+/);
  const value = tokens.length === 1 ? parseNumberToken(tokens[0]) : undefined;
  if (value === undefined || Number.isNaN(value)) throw malformedSetting(child, `must hold one number, found "${readText(child)}"`);
  return value;
}

/** The boolean in child `name`, or `fallback` when absent or empty. */
export function settingBoolean(parent: XmlElement, name: string, fallback: boolean): boolean {
  const child = childElement(parent, name);
  if (child === undefined || readText(child) === '') return fallback;
  return readBoolean(child);
}

/** The whitespace-separated names in child `name` ([] when absent or empty). */
export function settingNames(parent: XmlElement, name: string): string[] {
  const child = childElement(parent, name);
  if (child === undefined) return [];
  const text = readText(child);
  return text === '' ? [] : text.split(/\s+/).filter((token) => !isUnassigned(token));
}

/** A [start, end] pair in child `name` (e.g. time_range), or `fallback`. */
export function settingRange(parent: XmlElement, name: string, fallback: [number, number]): [number, number] {
  const child = childElement(parent, name);
  if (child === undefined || readText(child) === '') return fallback;
  const values = readNumbers(child, 2, `<${name}> (start end)`);
  if (Number.isNaN(values[0]) || Number.isNaN(values[1]) || values[0] > values[1]) {
    throw malformedSetting(child, `must be "start end" with start <= end, found "${readText(child)}"`);
  }
  return [values[0], values[1]];
}

/** A file name from the settings, resolved against the setup file's folder. */
export function resolveSetupPath(document: SetupDocument, file: string): string {
  return isAbsolute(file) ? file : resolve(document.folder, file);
}

/**
 * Checks the tool's child elements: those in `unsupported` (a reason per tag) make the
 * run fail, unknown ones are listed as warnings (OpenSim, too, ignores properties it
 * does not know), `known` ones pass.
 */
export function checkToolElements(
  tool: XmlElement,
  known: ReadonlySet<string>,
  warnings: string[],
  unsupported: (element: XmlElement) => string | undefined = () => undefined,
): void {
  for (const child of tool.children) {
    const reason = unsupported(child);
    if (reason !== undefined) throw unsupportedSetting(child, reason);
    if (!known.has(child.name)) {
      warnings.push(`${tool.fileName}: line ${child.line}: <${child.name}> is not a setting of ${tool.name}; it was ignored`);
    }
  }
}
