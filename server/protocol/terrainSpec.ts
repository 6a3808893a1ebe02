import { z } from 'zod';
import { IdSchema } from './common';

const Range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, { message: 'a range is [low, high]' });

/**
 * How the scene's ground is generated (site.json `terrain`): every figure an approximation of the Lạng Sơn karst,
 * marked `approx`, replaceable with surveyed values without code changes (README, "The scene").
 */
export const TerrainSpecSchema = z.strictObject({
  approx: z.boolean(),
  note: z.string().optional(),
  /** Seed of the deterministic noise: every screen draws the same hills. */
  seed: z.int(),
  /** Valley floor elevation (m above sea level), low and high, varying slowly over the area. */
  valleyFloorM: Range.refine(([a, b]) => a >= 0 && b <= 2000, { message: 'valley floor within 0–2000 m' }),
  /** Limestone towers and cones: height above the floor (m), and the spacing of at most one tower (m). */
  towerHeightM: Range.refine(([a]) => a >= 0, { message: 'tower heights are positive' }),
  towerSpacingM: z.number().min(100).max(5000),
  /** Ground generated this far beyond the site's bounds (m). */
  marginM: z.number().min(0).max(10_000),
  /** A col: the crossing's road passes between two ridges rising either side of it, across the road. */
  col: z
    .strictObject({
      crossing: IdSchema,
      ridgeHeightM: z.number().positive(),
      /** Height of the ridges where they meet the gap the road runs through. */
      saddleHeightM: z.number().min(0),
      /** Half the width of the gap at its floor, and each ridge's length from the road (m). */
      gapHalfWidthM: z.number().positive(),
      ridgeLengthM: z.number().positive(),
      /** Thickness of the ridges along the road (m, one standard deviation). */
      ridgeWidthM: z.number().positive(),
    })
    .optional(),
  /** Where a ground corridor is cut through a hill, metres along it from its start, with a tunnel inside the cut. */
  cut: z
    .strictObject({
      corridor: IdSchema,
      alongM: Range,
      hillHeightM: z.number().positive(),
      tunnel: z.strictObject({ alongM: Range }).optional(),
    })
    .optional(),
});
export type TerrainSpec = z.infer<typeof TerrainSpecSchema>;

/** The ground used when a site file carries no `terrain` section. */
export const DEFAULT_TERRAIN: TerrainSpec = { approx: true, seed: 1088, valleyFloorM: [255, 267], towerHeightM: [50, 200], towerSpacingM: 430, marginM: 3000 };
