/**
 * Resolving OpenSim 4 frame paths to "a body plus a fixed offset".
 *
 * OpenSim 4 connects joints, path points and markers to frames through socket paths:
 * absolute ("/bodyset/femur_r", "/ground", "/jointset/knee_r/femur_r_offset") or
 * relative to the component owning the socket ("femur_r_offset" inside a joint,
 * "../ground"). A PhysicalOffsetFrame is a fixed translation and body-fixed X-Y-Z
 * orientation in its own parent frame, which may itself be an offset frame; chains are
 * composed down to the body. 3.x and older documents name bodies directly, so they use
 * bodyFrame() only.
 */
import { KinechainError } from '../../core/errors.js';
import { describeElement, type XmlElement } from '../xml/xml-element.js';
import { childText, childVec3 } from '../xml/xml-values.js';
import { composeTransforms, identityTransform, rotationFromXYZ, xyzFromRotation, type RigidTransform } from './frame-math.js';
import type { OsimBodyFrame } from './osim-model.js';

interface OffsetFrame {
  path: string;
  parentPath: string;
  offset: RigidTransform;
  element: XmlElement;
}

/** Normalises `path` (absolute, or relative to `ownerPath`) to an absolute path without "." and "..". */
export function absolutePath(path: string, ownerPath: string): string {
  const parts = (path.startsWith('/') ? path : `${ownerPath}/${path}`).split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') resolved.pop();
    else resolved.push(part);
  }
  return `/${resolved.join('/')}`;
}

export function bodyFrame(body: string): OsimBodyFrame {
  return { body, rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], origin: [0, 0, 0], orientation: [0, 0, 0], via: [] };
}

export class FrameResolver {
  /** Body paths ("/ground", "/bodyset/pelvis") to body names. */
  private readonly bodies = new Map<string, string>();
  private readonly frames = new Map<string, OffsetFrame>();

  addBody(path: string, name: string): void {
    this.bodies.set(path, name);
  }

  /** Registers a <PhysicalOffsetFrame> owned by the component at `ownerPath`. */
  addOffsetFrame(element: XmlElement, ownerPath: string): void {
    const path = absolutePath(element.attributes.name ?? '', ownerPath);
    const parentSocket = childText(element, 'socket_parent');
    if (parentSocket === '') {
      throw new KinechainError('MALFORMED_INPUT', `${describeElement(element)}: missing <socket_parent>`, {
        file: element.fileName,
        line: element.line,
        element: element.name,
      });
    }
    const translation = childVec3(element, 'translation', [0, 0, 0]);
    const orientation = childVec3(element, 'orientation', [0, 0, 0]);
    this.frames.set(path, {
      path,
      // A frame's socket path is relative to the frame itself.
      parentPath: absolutePath(parentSocket, path),
      offset: { rotation: rotationFromXYZ(orientation), origin: translation },
      element,
    });
  }

  /**
   * The body and offset that socket path `socket` (owned by the component at `ownerPath`)
   * names. `user` is the element holding the socket, for error messages.
   */
  resolve(socket: string, ownerPath: string, user: XmlElement): OsimBodyFrame {
    const start = absolutePath(socket, ownerPath);
    let transform = identityTransform();
    const via: string[] = [];
    let path = start;
    let single: OffsetFrame | undefined;
    for (let depth = 0; depth < 64; depth++) {
      const body = this.bodies.get(path) ?? this.bodyByLegacyName(path, socket);
      if (body !== undefined) {
        const orientation =
          via.length === 0 ? ([0, 0, 0] as [number, number, number]) : via.length === 1 && single ? this.writtenOrientation(single) : xyzFromRotation(transform.rotation);
        return { body, rotation: transform.rotation, origin: transform.origin, orientation, via };
      }
      const frame = this.frames.get(path);
      if (!frame) break;
      if (via.length === 0) single = frame;
      via.push(frame.element.attributes.name ?? frame.path);
      transform = composeTransforms(frame.offset, transform);
      path = frame.parentPath;
    }
    throw new KinechainError(
      'MALFORMED_INPUT',
      `${describeElement(user)}: frame "${socket}" (resolved to "${path}") is not a body, ground or a PhysicalOffsetFrame of the model`,
      { file: user.fileName, line: user.line, element: user.name, frame: socket },
    );
  }

  /** The orientation exactly as written, so that single offsets keep their digits. */
  private writtenOrientation(frame: OffsetFrame): [number, number, number] {
    return childVec3(frame.element, 'orientation', [0, 0, 0]);
  }

  /**
   * Early 4.0 documents and hand-written ones sometimes name a body by its bare name
   * ("pelvis" or "ground"); accept that when no frame of that path exists.
   */
  private bodyByLegacyName(path: string, socket: string): string | undefined {
    if (this.frames.has(path) || socket.includes('/')) return undefined;
    for (const [bodyPath, name] of this.bodies) {
      if (name === socket && bodyPath.endsWith(`/${socket}`)) return name;
    }
    return undefined;
  }
}
