/**
 * The 3D body: segments as capsules placed where the engine's forward kinematics puts
 * them, the myofascial lines as tubes along their tissues' path points, coloured by track
 * tension. Hovering a line shows its track and tension (N); hovering a segment its name
 * and mass. Frames as the engine: X forward, Y up, Z to the right (m).
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { BodyScene, SceneBody } from '../../src/app/scene.js';
import { tensionColor } from './tension-scale.js';

/** Capsule radius of each segment for a 1.75 m body (m), by body name without side. */
const SEGMENT_RADIUS: Readonly<Record<string, number>> = {
  pelvis: 0.075,
  femur: 0.06,
  tibia: 0.045,
  talus: 0.028,
  calcn: 0.03,
  forefoot: 0.026,
  toes: 0.018,
  lumbar: 0.09,
  thorax: 0.11,
  neck: 0.045,
  head: 0.09,
  humerus: 0.038,
  forearm: 0.03,
  hand: 0.025,
};

/** The child that continues a segment's long axis (the others branch off it). */
const AXIAL_CHILD: Readonly<Record<string, string>> = {
  femur: 'tibia',
  tibia: 'talus',
  talus: 'calcn',
  calcn: 'forefoot',
  forefoot: 'toes',
  pelvis: 'lumbar',
  lumbar: 'thorax',
  thorax: 'neck',
  neck: 'head',
  humerus: 'forearm',
  forearm: 'hand',
};

const TUBE_RADIUS_M = 0.006;
const HIGHLIGHT_COLOR = new THREE.Color('#ffb000');

export interface HoverInfo {
  readonly title: string;
  readonly detail: string;
}

export interface Highlight {
  readonly tissues: ReadonlySet<string>;
  readonly bodies: ReadonlySet<string>;
}

interface TrackMesh {
  readonly mesh: THREE.Mesh;
  readonly line: string;
  readonly family: string;
  readonly tissue: string;
  readonly label: string;
  readonly tensionN: number | null;
}

function baseName(name: string): string {
  return name.replace(/_[rl]$/, '');
}

function textSprite(text: string, heightM: number): THREE.Sprite {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const font = '600 40px system-ui, sans-serif';
  context.font = font;
  canvas.width = Math.ceil(context.measureText(text).width) + 16;
  canvas.height = 56;
  context.font = font;
  context.fillStyle = '#33415c';
  context.textBaseline = 'middle';
  context.fillText(text, 8, 28);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: texture, depthTest: false }));
  sprite.scale.set((heightM * canvas.width) / canvas.height, heightM, 1);
  return sprite;
}

/** A path through flat [x, y, z, ...] points (m), or null when it has no length. */
function polylinePath(points: readonly number[]): THREE.CurvePath<THREE.Vector3> | null {
  const path = new THREE.CurvePath<THREE.Vector3>();
  for (let i = 3; i < points.length; i += 3) {
    const a = new THREE.Vector3(points[i - 3], points[i - 2], points[i - 1]);
    const b = new THREE.Vector3(points[i], points[i + 1], points[i + 2]);
    if (a.distanceToSquared(b) > 1e-10) path.add(new THREE.LineCurve3(a, b));
  }
  return path.curves.length > 0 ? path : null;
}

export class BodyView {
  readonly canvas: HTMLCanvasElement;
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera: THREE.PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly bodyGroup = new THREE.Group();
  private readonly lineGroup = new THREE.Group();
  private readonly rulerGroup = new THREE.Group();
  /** Bright tubes over the highlighted tissues (line tracks or not). */
  private readonly highlightGroup = new THREE.Group();
  private readonly segmentMeshes = new Map<string, THREE.Mesh>();
  private trackMeshes: TrackMesh[] = [];
  private readonly raycaster = new THREE.Raycaster();
  private readonly pointer = new THREE.Vector2();
  private current: BodyScene | null = null;
  private highlight: Highlight | null = null;
  private visibleFamily: string | null = null;
  private rulerHeight = 0;
  private frameRequested = false;
  /** True while a requested frame has not been drawn yet. */
  private renderPending = false;
  /** Called with what is under the pointer (null when nothing is). */
  onHover: ((info: HoverInfo | null, x: number, y: number) => void) | null = null;

  constructor(container: HTMLElement, options: { readonly interactive?: boolean; readonly view?: 'oblique' | 'side' } = {}) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'body-canvas';
    container.appendChild(this.canvas);
    this.renderer = new THREE.WebGLRenderer({ canvas: this.canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.scene.background = new THREE.Color('#f7f9fc');
    this.camera = new THREE.PerspectiveCamera(32, 1, 0.05, 20);
    if (options.view === 'side') this.camera.position.set(0.9, 1.0, 3.4);
    else this.camera.position.set(2.3, 1.45, 2.5);
    this.controls = new OrbitControls(this.camera, this.canvas);
    this.controls.target.set(0, 0.85, 0);
    this.controls.enabled = options.interactive ?? true;
    this.controls.addEventListener('change', () => this.requestRender());
    this.controls.update();

    this.scene.add(new THREE.HemisphereLight('#ffffff', '#8a94a6', 1.6));
    const sun = new THREE.DirectionalLight('#ffffff', 1.4);
    sun.position.set(2, 4, 3);
    this.scene.add(sun);
    // Floor: 10 cm squares over 2 m.
    const grid = new THREE.GridHelper(2, 20, '#b8c2d3', '#dde3ec');
    this.scene.add(grid);
    this.scene.add(this.bodyGroup, this.lineGroup, this.rulerGroup, this.highlightGroup);

    const resize = new ResizeObserver(() => this.resize());
    resize.observe(container);
    this.resize();
    if (options.interactive ?? true) {
      this.canvas.addEventListener('pointermove', (event) => this.hover(event));
      this.canvas.addEventListener('pointerleave', () => this.onHover?.(null, 0, 0));
    }
  }

  private resize(): void {
    const parent = this.canvas.parentElement;
    if (parent === null) return;
    const width = Math.max(50, parent.clientWidth);
    const height = Math.max(50, parent.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  requestRender(): void {
    this.renderPending = true;
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      // A renderNow since the request already drew this state.
      if (this.renderPending) this.renderNow();
    });
  }

  /** Renders now (a slider update draws at once; screenshots and timing), instead of at the next frame. */
  renderNow(): void {
    this.renderPending = false;
    this.renderer.render(this.scene, this.camera);
  }

  /** A height ruler beside the body with a mark every 25 cm up to the body's height. */
  private updateRuler(heightM: number): void {
    if (Math.abs(heightM - this.rulerHeight) < 0.01) return;
    this.rulerHeight = heightM;
    for (const child of [...this.rulerGroup.children]) this.rulerGroup.remove(child);
    // Beside the body on the viewer's left in the default view (behind-right of the body's right side).
    const x = -0.45;
    const z = 0.5;
    const top = Math.ceil(heightM / 0.25) * 0.25;
    const material = new THREE.LineBasicMaterial({ color: '#6b7a93' });
    const points = [new THREE.Vector3(x, 0, z), new THREE.Vector3(x, top, z)];
    for (let mark = 0; mark <= top + 1e-9; mark += 0.25) {
      points.push(new THREE.Vector3(x, mark, z), new THREE.Vector3(x + 0.04, mark, z));
      const label = textSprite(`${Math.round(mark * 100)} cm`, 0.045);
      label.position.set(x - 0.1, mark, z);
      this.rulerGroup.add(label);
    }
    const geometry = new THREE.BufferGeometry().setFromPoints(points);
    this.rulerGroup.add(new THREE.LineSegments(geometry, material));
  }

  /** Draws a scene (replaces the previous one). */
  show(scene: BodyScene): void {
    this.current = scene;
    this.updateSegments(scene);
    this.updateLines(scene);
    this.updateRuler(scene.subject?.heightM ?? 1.75);
    this.applyHighlight();
    this.requestRender();
  }

  /** Shows only the lines of one family (null: all). */
  setFamily(family: string | null): void {
    this.visibleFamily = family;
    for (const track of this.trackMeshes) track.mesh.visible = family === null || track.family === family;
    this.requestRender();
  }

  setHighlight(highlight: Highlight | null): void {
    this.highlight = highlight;
    this.applyHighlight();
    this.requestRender();
  }

  private applyHighlight(): void {
    const highlight = this.highlight;
    for (const [name, mesh] of this.segmentMeshes) {
      const material = mesh.material as THREE.MeshStandardMaterial;
      const on = highlight !== null && highlight.bodies.has(name === 'shoulder girdle' ? 'thorax' : name);
      material.color.set(on ? '#f4b860' : '#c9d2e0');
      material.emissive.set(on ? HIGHLIGHT_COLOR : '#000000');
      material.emissiveIntensity = on ? 0.35 : 0;
      material.opacity = highlight === null ? 0.55 : on ? 0.7 : 0.22;
    }
    for (const track of this.trackMeshes) {
      const material = track.mesh.material as THREE.MeshStandardMaterial;
      const transparent = highlight !== null;
      if (material.transparent !== transparent) material.needsUpdate = true;
      material.transparent = transparent;
      material.opacity = transparent ? 0.15 : 1;
      material.depthWrite = !transparent;
    }
    for (const child of [...this.highlightGroup.children]) {
      const mesh = child as THREE.Mesh;
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
      this.highlightGroup.remove(mesh);
    }
    if (highlight === null || this.current === null) return;
    for (const tissue of this.current.tissues) {
      if (!highlight.tissues.has(tissue.name)) continue;
      const path = polylinePath(tissue.points);
      if (path === null) continue;
      const mesh = new THREE.Mesh(
        new THREE.TubeGeometry(path, Math.max(2, path.curves.length * 4), TUBE_RADIUS_M * 1.9, 8, false),
        new THREE.MeshStandardMaterial({ color: HIGHLIGHT_COLOR, emissive: HIGHLIGHT_COLOR, emissiveIntensity: 0.5, roughness: 0.4 }),
      );
      mesh.renderOrder = 2;
      this.highlightGroup.add(mesh);
    }
  }

  private segmentEnd(scene: BodyScene, index: number, body: SceneBody): THREE.Vector3 {
    const base = baseName(body.name);
    const side = body.name.endsWith('_r') ? '_r' : body.name.endsWith('_l') ? '_l' : '';
    const childBase = AXIAL_CHILD[base];
    if (childBase !== undefined) {
      const child = scene.bodies.find((entry) => entry.parent === index && baseName(entry.name) === childBase);
      if (child !== undefined && (child.name.endsWith(side) || side === '')) return new THREE.Vector3(...child.origin);
    }
    // A leaf: out to twice its centre of mass.
    const origin = new THREE.Vector3(...body.origin);
    return new THREE.Vector3(...body.centerOfMass).sub(origin).multiplyScalar(2).add(origin);
  }

  private updateSegments(scene: BodyScene): void {
    const scale = (scene.subject?.heightM ?? 1.75) / 1.75;
    const seen = new Set<string>();
    scene.bodies.forEach((body, index) => {
      const base = baseName(body.name);
      const radius = (SEGMENT_RADIUS[base] ?? 0.03) * scale;
      const start = new THREE.Vector3(...body.origin);
      let end = this.segmentEnd(scene, index, body);
      if (base === 'pelvis') {
        // The pelvis spans the hip joints; drawn from the hip line up to L5/S1.
        const lumbar = scene.bodies.find((entry) => entry.name === 'lumbar');
        end = lumbar ? new THREE.Vector3(...lumbar.origin) : end;
      }
      const length = Math.max(1e-3, start.distanceTo(end));
      let mesh = this.segmentMeshes.get(body.name);
      const geometryKey = `${length.toFixed(3)}|${radius.toFixed(3)}`;
      if (mesh === undefined || mesh.userData.geometryKey !== geometryKey) {
        const geometry =
          base === 'head'
            ? new THREE.SphereGeometry(radius, 24, 16)
            : base === 'pelvis'
              ? new THREE.CapsuleGeometry(radius * 1.4, Math.max(1e-3, length - radius), 6, 16)
              : new THREE.CapsuleGeometry(radius, length, 6, 16);
        if (mesh === undefined) {
          const material = new THREE.MeshStandardMaterial({ color: '#c9d2e0', roughness: 0.8, transparent: true, opacity: 0.55, depthWrite: false });
          mesh = new THREE.Mesh(geometry, material);
          mesh.userData.body = body.name;
          mesh.renderOrder = 0;
          this.bodyGroup.add(mesh);
          this.segmentMeshes.set(body.name, mesh);
        } else {
          mesh.geometry.dispose();
          mesh.geometry = geometry;
        }
        mesh.userData.geometryKey = geometryKey;
      }
      mesh.userData.massKg = body.massKg;
      if (base === 'head') {
        mesh.position.set(...body.centerOfMass);
      } else {
        mesh.position.copy(start).add(end).multiplyScalar(0.5);
        const direction = end.clone().sub(start).normalize();
        mesh.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), direction);
      }
      seen.add(body.name);
    });
    // The shoulder girdle: a bar between the shoulder joints.
    const right = scene.bodies.find((entry) => entry.name === 'humerus_r');
    const left = scene.bodies.find((entry) => entry.name === 'humerus_l');
    if (right && left) {
      const a = new THREE.Vector3(...right.origin);
      const b = new THREE.Vector3(...left.origin);
      let girdle = this.segmentMeshes.get('shoulder girdle');
      const length = a.distanceTo(b);
      if (girdle === undefined) {
        girdle = new THREE.Mesh(
          new THREE.CapsuleGeometry(0.04 * scale, length, 6, 12),
          new THREE.MeshStandardMaterial({ color: '#c9d2e0', roughness: 0.8, transparent: true, opacity: 0.55, depthWrite: false }),
        );
        girdle.userData.body = 'thorax';
        this.bodyGroup.add(girdle);
        this.segmentMeshes.set('shoulder girdle', girdle);
      }
      girdle.position.copy(a).add(b).multiplyScalar(0.5);
      girdle.quaternion.setFromUnitVectors(new THREE.Vector3(0, 1, 0), b.clone().sub(a).normalize());
    }
  }

  /**
   * The line tracks: one tube per track. A track drawn before keeps its mesh and material
   * (only its tube and colour change), so a slider update re-creates no material and the
   * renderer sets up no new shader state.
   */
  private updateLines(scene: BodyScene): void {
    const previous = new Map(this.trackMeshes.map((track) => [`${track.line}|${track.tissue}`, track.mesh]));
    const kept = new Set<THREE.Mesh>();
    this.trackMeshes = [];
    for (const line of scene.lines) {
      for (const track of line.tracks) {
        const path = polylinePath(scene.tissues[track.tissueIndex].points);
        if (path === null) continue;
        const geometry = new THREE.TubeGeometry(path, Math.max(2, path.curves.length * 4), TUBE_RADIUS_M, 6, false);
        let mesh = previous.get(`${line.name}|${track.tissue}`);
        if (mesh === undefined || kept.has(mesh)) {
          mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: tensionColor(track.tensionN), roughness: 0.5 }));
          mesh.renderOrder = 1;
          this.lineGroup.add(mesh);
        } else {
          mesh.geometry.dispose();
          mesh.geometry = geometry;
          (mesh.material as THREE.MeshStandardMaterial).color.set(tensionColor(track.tensionN));
        }
        kept.add(mesh);
        mesh.visible = this.visibleFamily === null || line.family === this.visibleFamily;
        this.trackMeshes.push({ mesh, line: line.name, family: line.family, tissue: track.tissue, label: track.label, tensionN: track.tensionN });
      }
    }
    for (const mesh of previous.values()) {
      if (kept.has(mesh)) continue;
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
      this.lineGroup.remove(mesh);
    }
  }

  private hover(event: PointerEvent): void {
    if (this.onHover === null || this.current === null) return;
    const rect = this.canvas.getBoundingClientRect();
    this.pointer.set(((event.clientX - rect.left) / rect.width) * 2 - 1, -((event.clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(this.pointer, this.camera);
    const visibleTracks = this.trackMeshes.filter((track) => track.mesh.visible).map((track) => track.mesh);
    const trackHit = this.raycaster.intersectObjects(visibleTracks, false)[0];
    if (trackHit !== undefined) {
      const track = this.trackMeshes.find((entry) => entry.mesh === trackHit.object);
      if (track !== undefined) {
        const tension = track.tensionN === null ? 'tension not computed' : `tension ${track.tensionN.toFixed(1)} N`;
        this.onHover({ title: `${track.label} (${track.tissue})`, detail: `${track.line.replace(/_/g, ' ')} — ${tension}` }, event.clientX, event.clientY);
        return;
      }
    }
    const bodyHit = this.raycaster.intersectObjects([...this.segmentMeshes.values()], false)[0];
    if (bodyHit !== undefined) {
      const name = String(bodyHit.object.userData.body);
      const mass = Number(bodyHit.object.userData.massKg ?? 0);
      this.onHover({ title: name.replace(/_/g, ' '), detail: mass > 0 ? `segment, ${mass.toFixed(2)} kg` : 'segment' }, event.clientX, event.clientY);
      return;
    }
    this.onHover(null, 0, 0);
  }

  /** Screen position (CSS px, relative to the canvas) of a track's midpoint, for tests and hints; null if not drawn. */
  trackScreenPoint(tissue: string): { x: number; y: number } | null {
    const track = this.trackMeshes.find((entry) => entry.tissue === tissue && entry.mesh.visible);
    if (track === undefined) return null;
    const geometry = track.mesh.geometry as THREE.TubeGeometry;
    const point = geometry.parameters.path.getPointAt(0.5).project(this.camera);
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((point.x + 1) / 2) * rect.width, y: ((1 - point.y) / 2) * rect.height };
  }
}
