/** Icon shapes drawn as SVG (the bundled fonts have no media-control glyphs, which would show as boxes). */
const PATHS = {
  play: 'M4 2 L14 8 L4 14 Z',
  pause: 'M3 2 H6.5 V14 H3 Z M9.5 2 H13 V14 H9.5 Z',
  prev: 'M2 2 H4 V14 H2 Z M14 2 L5 8 L14 14 Z',
  next: 'M12 2 H14 V14 H12 Z M2 2 L11 8 L2 14 Z',
  link: 'M6.5 9.5 L9.5 6.5 M7 4.5 L8.5 3 A2.5 2.5 0 0 1 13 7.5 L11.5 9 M9 11.5 L7.5 13 A2.5 2.5 0 0 1 3 8.5 L4.5 7',
} as const;

/** A 1em icon in the current text colour. */
export function Icon({ name }: { name: keyof typeof PATHS }) {
  const stroke = name === 'link';
  return (
    <svg className="icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden>
      <path d={PATHS[name]} fill={stroke ? 'none' : 'currentColor'} stroke={stroke ? 'currentColor' : 'none'} strokeWidth={stroke ? 1.8 : 0} strokeLinecap="round" />
    </svg>
  );
}
