import { Line } from '@react-three/drei';
import { useMemo } from 'react';
import { drapedPoints } from '../terrain/drape';
import { useSite3d } from './site3d';

/** Colour of the border line: distinct from every road, corridor and heat colour. */
export const BORDER_COLOR = '#ff2bd6';

/** The VN–CN border line laid on the ground. */
export function Border() {
  const { geo, heightAt } = useSite3d();
  const points = useMemo(() => drapedPoints(geo.border, heightAt, 4, 20), [geo, heightAt]);
  return <Line points={points} color={BORDER_COLOR} lineWidth={3} dashed={false} />;
}
