import { useMemo } from 'react';
import { EntityKind } from '../../server/protocol/frameCodec';
import { RAIL_HEIGHT_M } from './Corridors';
import { VehicleLayer } from './VehicleLayer';
import { agvShape, railShape, truckShape } from './vehicleShapes';

/** Trucks, AGVs and rail shuttles: three instanced meshes, so three draw calls whatever the count. */
export function Vehicles({ onPick }: { onPick?: (handle: number) => void }) {
  const shapes = useMemo(() => ({ truck: truckShape(), agv: agvShape(), rail: railShape() }), []);
  const pick = onPick ? { onPick } : {};
  return (
    <group>
      <VehicleLayer kind={EntityKind.truck} shape={shapes.truck} lift={0.9} {...pick} />
      <VehicleLayer kind={EntityKind.agv} shape={shapes.agv} lift={1.4} {...pick} />
      <VehicleLayer kind={EntityKind.rail} shape={shapes.rail} lift={RAIL_HEIGHT_M} {...pick} />
    </group>
  );
}
