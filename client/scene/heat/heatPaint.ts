import { type BufferGeometry, type MeshBasicMaterial, SRGBColorSpace } from 'three';
import type { Kpi } from '../../../server/protocol/viewer';
import { densityColor } from '../palette';

/** One heat band: a zone's ribbon and its own material. */
export interface HeatZone {
  id: string;
  geometry: BufferGeometry;
  material: MeshBasicMaterial;
}

const _rgb: [number, number, number] = [0, 0, 0];

/** Colours each zone from the KPI densities on the fixed scale; zones without a figure are hidden. */
export function paintHeat(zones: readonly HeatZone[], kpi: Kpi | null): void {
  for (const z of zones) {
    const d = kpi?.zones.find((k) => k.zone === z.id)?.density;
    z.material.visible = d !== undefined;
    if (d === undefined) continue;
    densityColor(d, _rgb);
    // The scale is defined in sRGB so the legend (CSS) and the ground show the same colours.
    z.material.color.setRGB(_rgb[0], _rgb[1], _rgb[2], SRGBColorSpace);
  }
}

/** Frees the GPU resources of the bands. */
export function disposeHeat(zones: readonly HeatZone[]): void {
  for (const z of zones) {
    z.material.dispose();
    z.geometry.dispose();
  }
}
