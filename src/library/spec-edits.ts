/**
 * Pure edits of a body spec: each returns a new ModelSpec with one kind of parameter
 * changed and leaves its input untouched (unchanged parts are shared, never copied and
 * mutated). Impairments and interventions are built from these.
 *
 * Tissue selection: one name, a list of names, or a name pattern with an optional side.
 * Unknown names and patterns that match nothing are UNKNOWN_NAME errors with close names.
 *
 * Derived slack lengths: the default body leaves slack lengths out of the spec and compile
 * derives them from the reference pose. Scaling or shortening one therefore needs its
 * compiled value; the edit then writes it into the spec explicitly. A change of exactly
 * nothing (factor 1, shortening 0) leaves the tissue untouched, so a neutral edit returns a
 * spec deep-equal to its input.
 *
 * "Stiffness" of a tissue: for a passive law, the axial rigidity E*A; for a muscle, its
 * passive fibre stiffness, which at equal passive force is proportional to
 * 1 / passiveStrainAtF0 (the Thelen 2003 exponential curve: df/de = (kPE / e0M)(f + c)),
 * so scaling the stiffness by s divides passiveStrainAtF0 by s.
 */
import { KinechainError, requireFinite } from '../core/errors.js';
import { didYouMean } from '../core/math/edit-distance.js';
import type { Model } from '../core/model/model.js';
import { compile } from '../spec/compile.js';
import type { BodySpec, ModelSpec, TissueSpec, Vec3Tuple } from '../spec/schema.js';

export type TissueSide = 'r' | 'l' | 'midline';

/** One tissue by name, several by name, or every tissue whose name matches a pattern (optionally on one side). */
export type TissueSelector = string | readonly string[] | { readonly pattern: RegExp; readonly side?: TissueSide };

const compiledModels = new WeakMap<ModelSpec, Model>();

/**
 * compile(spec), remembered per spec object. Specs are treated as immutable everywhere in
 * kinechain, so a spec object always compiles to the same model; sampling many scenarios
 * from one base spec compiles it once.
 */
export function compileCached(spec: ModelSpec): Model {
  let model = compiledModels.get(spec);
  if (model === undefined) {
    model = compile(spec);
    compiledModels.set(spec, model);
  }
  return model;
}

/** The names picked by a selector, in spec order. */
export function selectTissueNames(spec: ModelSpec, selector: TissueSelector): string[] {
  const allNames = spec.tissues.map((tissue) => tissue.name);
  if (typeof selector === 'string' || Array.isArray(selector)) {
    const wanted: readonly string[] = typeof selector === 'string' ? [selector] : (selector as readonly string[]);
    const known = new Set(allNames);
    for (const name of wanted) {
      if (!known.has(name)) {
        throw new KinechainError('UNKNOWN_NAME', `unknown tissue "${name}"${didYouMean(name, allNames)}`, { tissue: name });
      }
    }
    const set = new Set(wanted);
    return allNames.filter((name) => set.has(name));
  }
  const { pattern, side } = selector as { readonly pattern: RegExp; readonly side?: TissueSide };
  // A fresh non-global copy: a global RegExp's lastIndex would make test() depend on earlier calls.
  const matcher = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  const picked = spec.tissues
    .filter((tissue) => matcher.test(tissue.name))
    .filter((tissue) => side === undefined || tissue.side === side)
    .map((tissue) => tissue.name);
  if (picked.length === 0) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `no tissue matches ${String(pattern)}${side === undefined ? '' : ` on side "${side}"`}; check the pattern against the tissue names`,
      { pattern: String(pattern), side },
    );
  }
  return picked;
}

function positiveFactor(factor: number, what: string): number {
  requireFinite(factor, what);
  if (!(factor > 0)) throw new KinechainError('OUT_OF_RANGE', `${what} must be positive, got ${factor}`, { what, value: factor });
  return factor;
}

/** Replaces the selected tissues by `edit(tissue)`; returns the input spec itself when nothing changed. */
function mapTissues(spec: ModelSpec, names: readonly string[], edit: (tissue: TissueSpec) => TissueSpec): ModelSpec {
  const selected = new Set(names);
  let changed = false;
  const tissues = spec.tissues.map((tissue) => {
    if (!selected.has(tissue.name)) return tissue;
    const edited = edit(tissue);
    if (edited !== tissue) changed = true;
    return edited;
  });
  return changed ? { ...spec, tissues } : spec;
}

/** The slack length in use (m): the spec's own value, else the compiled (derived) one. */
export function resolvedSlackLength(spec: ModelSpec, tissueName: string, resolved?: Model): number {
  const tissue = spec.tissues.find((candidate) => candidate.name === tissueName);
  if (tissue === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `unknown tissue "${tissueName}"${didYouMean(tissueName, spec.tissues.map((t) => t.name))}`);
  }
  const law = tissue.law;
  const explicit = law.type === 'passive' ? law.slackLengthM : law.tendonSlackLengthM;
  if (explicit !== undefined) return explicit;
  const model = resolved ?? compileCached(spec);
  const index = model.tissueIndex.get(tissueName);
  if (index === undefined) {
    throw new KinechainError('INTERNAL', `tissue "${tissueName}" is in the spec but not in the model given to resolve its slack length`);
  }
  return law.type === 'passive' ? model.passiveSlackLength[index] : model.muscleTendonSlackLength[index];
}

function withSlackLength(tissue: TissueSpec, lengthM: number): TissueSpec {
  if (!(lengthM > 0) || !Number.isFinite(lengthM)) {
    throw new KinechainError('OUT_OF_RANGE', `tissue "${tissue.name}": slack length would become ${lengthM} m; it must stay positive`, {
      tissue: tissue.name,
      slackLengthM: lengthM,
    });
  }
  const law = tissue.law;
  return law.type === 'passive'
    ? { ...tissue, law: { ...law, slackLengthM: lengthM } }
    : { ...tissue, law: { ...law, tendonSlackLengthM: lengthM } };
}

/**
 * Multiplies the slack length of the selected tissues by `factor` (passive laws: slack
 * length; muscles: tendon slack length). `resolved` is the compiled spec, used for slack
 * lengths the spec leaves to compile (compiled on demand if absent).
 */
export function scaleSlackLength(spec: ModelSpec, selector: TissueSelector, factor: number, resolved?: Model): ModelSpec {
  positiveFactor(factor, 'slack length factor');
  if (factor === 1) return spec;
  const names = selectTissueNames(spec, selector);
  return mapTissues(spec, names, (tissue) => withSlackLength(tissue, factor * resolvedSlackLength(spec, tissue.name, resolved)));
}

/**
 * Shortens the slack length of the selected tissues by `shorteningM` (m; negative
 * lengthens), or by `shorteningM(tissue, currentSlackLengthM)` per tissue.
 */
export function shortenSlackLength(
  spec: ModelSpec,
  selector: TissueSelector,
  shorteningM: number | ((tissue: TissueSpec, currentSlackLengthM: number) => number),
  resolved?: Model,
): ModelSpec {
  const names = selectTissueNames(spec, selector);
  return mapTissues(spec, names, (tissue) => {
    const current = resolvedSlackLength(spec, tissue.name, resolved);
    const shortening = requireFinite(
      typeof shorteningM === 'number' ? shorteningM : shorteningM(tissue, current),
      `slack length shortening of "${tissue.name}" (m)`,
    );
    return shortening === 0 ? tissue : withSlackLength(tissue, current - shortening);
  });
}

/**
 * Multiplies the stiffness of the selected tissues by `factor`: E*A of passive laws; for
 * muscles, the passive fibre stiffness at equal force (passiveStrainAtF0 / factor).
 */
export function scaleStiffness(spec: ModelSpec, selector: TissueSelector, factor: number): ModelSpec {
  positiveFactor(factor, 'stiffness factor');
  if (factor === 1) return spec;
  const names = selectTissueNames(spec, selector);
  return mapTissues(spec, names, (tissue) => {
    const law = tissue.law;
    return law.type === 'passive'
      ? { ...tissue, law: { ...law, stiffnessN: law.stiffnessN * factor } }
      : { ...tissue, law: { ...law, passiveStrainAtF0: law.passiveStrainAtF0 / factor } };
  });
}

/**
 * Multiplies the maximum isometric force F0 of the selected muscles by `factor`. Passive
 * tissues picked by a pattern are skipped; naming one explicitly is an UNSUPPORTED error.
 */
export function scaleMaxIsometricForce(spec: ModelSpec, selector: TissueSelector, factor: number): ModelSpec {
  positiveFactor(factor, 'maximum isometric force factor');
  const names = selectTissueNames(spec, selector);
  const byName = new Map(spec.tissues.map((tissue) => [tissue.name, tissue]));
  const muscles = names.filter((name) => byName.get(name)?.law.type === 'muscle');
  const explicit = typeof selector === 'string' || Array.isArray(selector);
  if (muscles.length === 0 || (explicit && muscles.length !== names.length)) {
    const passive = names.filter((name) => byName.get(name)?.law.type !== 'muscle');
    throw new KinechainError(
      'UNSUPPORTED',
      `only muscles have a maximum isometric force; ${passive.map((name) => `"${name}"`).join(', ')} ${passive.length === 1 ? 'is' : 'are'} passive`,
      { tissues: passive },
    );
  }
  if (factor === 1) return spec;
  return mapTissues(spec, muscles, (tissue) => {
    const law = tissue.law;
    return law.type === 'muscle' ? { ...tissue, law: { ...law, maxIsometricForceN: law.maxIsometricForceN * factor } } : tissue;
  });
}

/** All coordinate names of a spec (for messages). */
function coordinateNames(spec: ModelSpec): string[] {
  return spec.bodies.flatMap((body) => ('coordinates' in body.joint ? body.joint.coordinates.map((c) => c.name) : []));
}

/**
 * Sets the allowed range [min, max] (rad or m) of a coordinate. The range must contain the
 * coordinate's default value (the reference pose must stay valid).
 */
export function setCoordinateRange(spec: ModelSpec, coordinateName: string, range: readonly [number, number]): ModelSpec {
  const [min, max] = [requireFinite(range[0], `${coordinateName} range minimum`), requireFinite(range[1], `${coordinateName} range maximum`)];
  if (!(min < max)) {
    throw new KinechainError('OUT_OF_RANGE', `range of "${coordinateName}" must have min < max, got [${min}, ${max}]`, { min, max });
  }
  let found = false;
  const bodies = spec.bodies.map((body): BodySpec => {
    const joint = body.joint;
    if (!('coordinates' in joint) || !joint.coordinates.some((c) => c.name === coordinateName)) return body;
    found = true;
    const coordinates = joint.coordinates.map((coordinate) => {
      if (coordinate.name !== coordinateName) return coordinate;
      if (coordinate.defaultValue < min || coordinate.defaultValue > max) {
        throw new KinechainError(
          'OUT_OF_RANGE',
          `range [${min}, ${max}] of "${coordinateName}" excludes its default value ${coordinate.defaultValue}; the reference pose must stay inside the range`,
          { coordinate: coordinateName, range: [min, max], defaultValue: coordinate.defaultValue },
        );
      }
      return { ...coordinate, range: [min, max] as [number, number] };
    });
    return { ...body, joint: { ...joint, coordinates } as BodySpec['joint'] };
  });
  if (!found) {
    throw new KinechainError('UNKNOWN_NAME', `unknown coordinate "${coordinateName}"${didYouMean(coordinateName, coordinateNames(spec))}`, {
      coordinate: coordinateName,
    });
  }
  return { ...spec, bodies };
}

function dot(a: Vec3Tuple, b: Vec3Tuple): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * Shortens a segment by `shorteningM` (m; negative lengthens) along its long axis, e.g.
 * a tibia for a structural leg-length difference.
 *
 * The long axis u is the direction from the body's origin to its child joint (the body
 * must have exactly one child, e.g. the tibia's ankle, unless `axis` is given). Every
 * point fixed in the body is moved along u in proportion to its distance along u,
 * p' = p - (1 - f)(p . u) u with f = (L - d) / L, L the distance of the distal joint along
 * u: the child joint's location, the body's centre of mass, the tissue path points and
 * wrap cylinder centres fixed in the body (so tendons keep running behind the malleoli
 * and the Achilles tendon keeps its insertion geometry). lengthM shrinks by d. Mass and
 * inertia are kept (a few centimetres change a shank's inertia by well under 10%).
 *
 * Tissues whose slack length compile derives from the reference pose get a new slack
 * length that keeps their reference strain: they are treated as adapted to the shorter
 * bone, as in a lifelong structural difference. Tissues with an explicit slack length keep
 * it. The reference pose is not changed: the foot of the shortened leg hangs d above the
 * floor until an analysis lets the pelvis drop to that side.
 */
export function shortenSegment(spec: ModelSpec, bodyName: string, shorteningM: number, axis?: Vec3Tuple): ModelSpec {
  requireFinite(shorteningM, `shortening of "${bodyName}" (m)`);
  const body = spec.bodies.find((candidate) => candidate.name === bodyName);
  if (body === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `unknown body "${bodyName}"${didYouMean(bodyName, spec.bodies.map((b) => b.name))}`, {
      body: bodyName,
    });
  }
  const children = spec.bodies.filter((candidate) => candidate.parent === bodyName);
  let direction: Vec3Tuple;
  if (axis !== undefined) {
    direction = [...axis] as Vec3Tuple;
  } else {
    if (children.length !== 1) {
      throw new KinechainError(
        'UNSUPPORTED',
        `body "${bodyName}" has ${children.length} child bodies, so its long axis is ambiguous; give the axis explicitly`,
        { body: bodyName, children: children.map((child) => child.name) },
      );
    }
    direction = [...children[0].joint.locationInParent] as Vec3Tuple;
  }
  const norm = Math.hypot(direction[0], direction[1], direction[2]);
  if (!(norm > 1e-9)) {
    throw new KinechainError('UNSUPPORTED', `body "${bodyName}" has no long axis (its child joint sits at its origin); give the axis explicitly`);
  }
  const u: Vec3Tuple = [direction[0] / norm, direction[1] / norm, direction[2] / norm];
  const length = children.reduce((longest, child) => Math.max(longest, dot(child.joint.locationInParent, u)), 0);
  if (!(length > 0)) {
    throw new KinechainError('UNSUPPORTED', `no child joint of "${bodyName}" lies along the given axis; cannot tell the segment length`);
  }
  if (shorteningM === 0) return spec;
  if (Math.abs(shorteningM) >= 0.5 * length) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `changing "${bodyName}" (length ${length.toFixed(3)} m along its axis) by ${shorteningM} m is more than half its length; give a smaller change`,
      { body: bodyName, shorteningM, lengthM: length },
    );
  }
  const shrink = shorteningM / length; // 1 - f
  const move = (p: Vec3Tuple): Vec3Tuple => {
    const along = dot(p, u) * shrink;
    return [p[0] - along * u[0], p[1] - along * u[1], p[2] - along * u[2]];
  };
  const bodies = spec.bodies.map((candidate): BodySpec => {
    if (candidate.name === bodyName) {
      return {
        ...candidate,
        centerOfMass: move(candidate.centerOfMass),
        ...(candidate.lengthM === undefined ? {} : { lengthM: candidate.lengthM - shorteningM }),
      };
    }
    if (candidate.parent === bodyName) {
      return { ...candidate, joint: { ...candidate.joint, locationInParent: move(candidate.joint.locationInParent) } };
    }
    return candidate;
  });
  const tissues = spec.tissues.map((tissue): TissueSpec => {
    const onBody = tissue.path.points.some((point) => point.body === bodyName) || tissue.path.wraps.some((wrap) => wrap.body === bodyName);
    if (!onBody) return tissue;
    return {
      ...tissue,
      path: {
        points: tissue.path.points.map((point) => (point.body === bodyName ? { ...point, location: move(point.location) } : point)),
        wraps: tissue.path.wraps.map((wrap) => (wrap.body === bodyName ? { ...wrap, center: move(wrap.center) } : wrap)),
      },
    };
  });
  return { ...spec, bodies, tissues };
}
