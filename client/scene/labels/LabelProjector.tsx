import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { type LabelBoard, measureAfterLayout } from './labelBoard';
import { createViewMemo, projectLabels } from './labelProject';

/** Moves the DOM labels of `board` to their projected positions and thins colliding ones, when the view changes. */
export function LabelProjector({ board }: { board: LabelBoard }) {
  const camera = useThree((s) => s.camera);
  const size = useThree((s) => s.size);
  const memo = useRef(createViewMemo());
  useEffect(() => measureAfterLayout(board), [board]);
  useFrame(() => projectLabels(board, camera, size.width, size.height, memo.current, performance.now()));
  return null;
}
