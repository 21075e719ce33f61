/**
 * The types and constants the parts of SLIC's k-means rounds share: the rounds and the
 * dropping of candidates (`slic-kmeans.ts`), the block scans (`slic-scan.ts`) and the
 * centre update (`slic-update.ts`). A leaf module: it imports nothing.
 * How the rounds work: `slic-kmeans.ts`; the V8 patterns of the hot loops:
 * docs/internals/slic.md.
 * @internal
 */

/**
 * Block side in pixels. Smaller blocks have tighter colour boxes but cost more per
 * pixel to drop candidates and build visit lists; 16 measured fastest (see
 * docs/internals/slic.md).
 */
export const BLOCK = 16;
/** Relative slack on both bounds: rounding error is below 1e-15 relative. */
export const SLACK = 1e-9;
/** Absolute slack covering squares that underflow. */
export const TINY = 1e-290;
/**
 * Blocks with more candidates than this (only with tiny superpixels) take the plain
 * scan, which needs no visit lists (they take (n + 1)² entries).
 */
export const MAX_LISTED = 64;

/**
 * Up to this many centres, each round tabulates the visit lists' quarter distances
 * between every two centres once (K² doubles) instead of computing them per block
 * and list.
 */
export const PAIR_TABLE_MAX = 128;

/**
 * The visit-list scan looks up a pixel's previous centre among the block's candidates
 * in a table of this many slots; a centre index from `SLOT_CAP − 1` on has no slot,
 * and its pixels start from the list of all candidates instead (same labels).
 */
export const SLOT_CAP = 4096;

/** Mutable per-round state of the centres. */
export interface Centres {
  /** K, the number of centres (seeds). */
  readonly count: number;
  /** C, the features per pixel besides its position (colour channels). */
  readonly channels: number;
  /** Each centre's position along depth (0 for a live 2-D centre, NaN for a dead one), y and x. */
  readonly cz: Float64Array;
  readonly cy: Float64Array;
  readonly cx: Float64Array;
  /** Each centre's colour, C values from `k·C`. */
  readonly colour: Float64Array;
  /** SLICO: each centre's largest squared colour distance to its pixels (1 before the first update). */
  readonly maxDistColour: Float64Array;
  /** 1 while the centre has pixels (its position is not NaN). */
  readonly alive: Uint8Array;
  /** Each centre's window: rows `y0 .. y1 − 1`, columns `x0 .. x1 − 1`. */
  readonly y0: Int32Array;
  readonly y1: Int32Array;
  readonly x0: Int32Array;
  readonly x1: Int32Array;
  /**
   * `(sz·cz)² + (sy·(cy − y))²` per centre and row of its window, at
   * `k·rowStride + (y − y0[k])` (windows are at most `rowStride` rows high, so memory
   * grows with K·S, not K·height).
   */
  readonly dyTerm: Float64Array;
  readonly rowStride: number;
  /** `(sx·(cx − x))²` per centre and column of its window, at `k·colStride + (x − x0[k])`. */
  readonly dxTerm: Float64Array;
  readonly colStride: number;
}

/** Everything one assignment round reads or writes. */
export interface Round {
  readonly centres: Centres;
  readonly spatialWeight: number;
  readonly firstRound: boolean;
  readonly slicZero: boolean;
  readonly startLabel: number;
  readonly features: Float64Array;
  readonly labels: Int32Array;
  readonly blocks: Blocks;
  readonly boxes: ColourBoxes;
  readonly work: BlockScratch;
  /** Spacing along depth, y and x. */
  readonly sz: number;
  readonly sy: number;
  readonly sx: number;
  /** Whether this round tabulates the quarter distance of every two centres (`K × K`, see {@link PAIR_TABLE_MAX}). */
  readonly tabulated: boolean;
}

/** The image cut into `side × side` blocks (smaller at the right and bottom edges), row-major. */
export class Blocks {
  readonly cols: number;
  readonly rows: number;
  readonly count: number;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly side: number,
  ) {
    this.cols = Math.ceil(width / side);
    this.rows = Math.ceil(height / side);
    this.count = this.cols * this.rows;
  }
}

/** Per block and channel, the smallest and largest feature value. */
export interface ColourBoxes {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** Working arrays for the current block's candidates, allocated once. */
export class BlockScratch {
  readonly ids: Int32Array;
  /** Whether the candidate's window covers the whole block. */
  readonly full: Uint8Array;
  /** A lower bound of the candidate's distance to every pixel of the block. */
  readonly lower: Float64Array;
  /** Per scanned candidate: colour and SLICO scale (generic scan). */
  readonly colour: Float64Array;
  readonly scale: Float64Array;

  constructor(K: number, C: number) {
    this.ids = new Int32Array(K);
    this.full = new Uint8Array(K);
    this.lower = new Float64Array(K);
    this.colour = new Float64Array(K * C);
    this.scale = new Float64Array(K);
  }
}

