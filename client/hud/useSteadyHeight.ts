import { useLayoutEffect, type RefObject } from 'react';

/** How long a wall panel holds its tallest height before it may shrink to fit its content again. */
export const STEADY_HOLD_MS = 10 * 60_000;

/**
 * Keeps a panel beside the wall's scene at the tallest it has been: it grows with its content at once, and shrinks
 * only when the window is resized, `key` changes (another language) or every `holdMs`. The scene's canvas takes the
 * height the panels leave, so each time a tile's line wrapped or unwrapped it changed size and the whole 3D view
 * jumped: at a jam on the 4K wall by 95–100 px (4.5 % of the height), every 10–20 s.
 */
export function useSteadyHeight(ref: RefObject<HTMLElement | null>, key: string, holdMs = STEADY_HOLD_MS): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const held = () => parseFloat(el.style.minHeight) || 0;
    // Measure what the content needs now and hold that (one forced layout, on resize or once per hold period).
    const settle = () => {
      el.style.minHeight = '';
      el.style.minHeight = `${el.getBoundingClientRect().height}px`;
    };
    settle();
    // Grown past what is held (a line wrapped): hold the new height. Setting it does not change the size again.
    const ro = new ResizeObserver(() => {
      const h = el.getBoundingClientRect().height;
      if (h > held()) el.style.minHeight = `${h}px`;
    });
    ro.observe(el);
    window.addEventListener('resize', settle);
    const timer = setInterval(settle, holdMs);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', settle);
      clearInterval(timer);
      el.style.minHeight = '';
    };
  }, [ref, key, holdMs]);
}
