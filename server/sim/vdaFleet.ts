import { AgvController, VirtualAgvAdapter, type VirtualAgvAdapterOptions } from 'vda-5050-lib';
import { mapFrames } from '../devices/vda5050/mapFrame';
import type { Site } from '../protocol';
import { latLonAt, siteGeometry } from './geometry';
import type { World } from './world';

export interface VdaFleetOptions {
  url: string;
  /** First topic level (`uagv` unless the server was told otherwise). */
  interfaceName: string;
  /** The simulator's speed: the vehicles' time lapse. */
  speed: number;
  manufacturer?: string;
}

/**
 * The world's AGVs as VDA 5050 vehicles: each is vda-5050-lib's own AgvController with its VirtualAgvAdapter,
 * starting where the world placed it on its corridor's map. They take the server's orders and instant actions and
 * report `state`, `visualization` and `connection` themselves; the world's own AGV messages are not sent.
 */
export class VdaFleet {
  readonly vehicles: AgvController[] = [];

  constructor(world: World, site: Site, opts: VdaFleetOptions) {
    const frames = mapFrames(site.corridors);
    const geo = siteGeometry(site);
    for (const a of world.agvs.agvs) {
      const corridor = site.corridors.find((c) => c.id === a.corridor);
      const frame = corridor?.vda5050 && frames.get(corridor.vda5050.mapId);
      if (!corridor || !frame) continue; // a corridor without a VDA 5050 map keeps its vehicles off the protocol
      const p = latLonAt(geo, a.line, a.along);
      const pose = frame.toMap(p.lat, p.lon);
      const adapter: VirtualAgvAdapterOptions = {
        initialPosition: { mapId: frame.mapId, x: pose.x, y: pose.y, theta: frame.thetaOf(p.heading), lastNodeId: `${corridor.id}-start` },
        vehicleSpeed: corridor.speedLimitKmh / 3.6,
        timeLapse: opts.speed,
        initialBatteryCharge: Math.round(a.battery * 100),
      };
      this.vehicles.push(
        new AgvController(
          { manufacturer: opts.manufacturer ?? 'GateTwinSim', serialNumber: a.id },
          { interfaceName: opts.interfaceName, transport: { brokerUrl: opts.url }, vdaVersion: '2.0.0' },
          { agvAdapterType: VirtualAgvAdapter, publishVisualizationInterval: 500 },
          adapter,
        ),
      );
    }
  }

  async start(): Promise<void> {
    await Promise.all(this.vehicles.map((v) => v.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.vehicles.map((v) => v.stop()));
  }
}
