import type { LabelBoard } from '../scene/labels/labelBoard';

/** The DOM side of the scene labels: rendered once per board; <LabelProjector> positions them. */
export function LabelLayer({ board }: { board: LabelBoard }) {
  return (
    <div className="labels" aria-hidden={false}>
      {board.specs.map((s, i) => (
        <div
          key={s.key}
          className={`label label-${s.kind}`}
          data-label={s.key}
          ref={(el) => {
            board.els[i] = el;
            board.dirty = true;
          }}
        >
          <span className="label-text" title={s.title}>
            {s.text}
          </span>
          {s.sub ? <span className="label-sub">{s.sub}</span> : null}
        </div>
      ))}
    </div>
  );
}
