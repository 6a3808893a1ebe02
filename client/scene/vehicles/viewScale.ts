/** Distance (m) at which vehicles are drawn life-size; farther away they grow so they stay visible. */
export const LIFE_SIZE_DISTANCE_M = 900;
/** Largest exaggeration of vehicles and small props when zoomed out. */
export const MAX_VIEW_SCALE = 9;

/** How much larger than life to draw vehicles seen from `distance` metres. */
export const viewScaleFor = (distance: number): number => Math.min(MAX_VIEW_SCALE, Math.max(1, distance / LIFE_SIZE_DISTANCE_M));

/** Shared per-frame view facts, written once per frame by <ViewTracker> and read by instanced layers. */
export const view = { distance: 1000, scale: 1 };

/**
 * Where the camera is (debug hook, tests): the wall tour's preset, and whether the camera is still flying (to the
 * tour's next stop on the wall, to a chosen preset on the executive screen); on the wall also the points the stop
 * frames (x, y, z triples; null on the overview) and the banner cover its presets were framed for.
 */
export const cameraState: { stop: string; flying: boolean; framing: readonly number[] | null; coverTop: number } = { stop: '', flying: false, framing: null, coverTop: 0 };
