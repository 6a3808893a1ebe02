const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `UTC+7`, `UTC+5:30`, `UTC−3`: the label printed next to a clock. */
export function formatOffset(offsetHours: number): string {
  const sign = offsetHours < 0 ? '−' : '+';
  const abs = Math.abs(offsetHours);
  const h = Math.floor(abs);
  const m = Math.round((abs - h) * 60);
  return `UTC${sign}${h}${m ? `:${pad(m)}` : ''}`;
}
