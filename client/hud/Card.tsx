import type { ReactNode } from 'react';
import { useLang } from '../i18n/useLang';

/** A detail card over the 3D view (it occludes what is under it) with its close button. */
export function Card({ testId, onClose, children }: { testId: string; onClose: () => void; children: ReactNode }) {
  const { t } = useLang();
  return (
    <aside className="card" data-testid={testId} data-occludes>
      <button type="button" className="card-close" onClick={onClose} aria-label={t('card.close')}>
        ×
      </button>
      {children}
    </aside>
  );
}

/** A card's label–value rows (a value may carry a hover title, e.g. the name in the other languages), then any extra rows. */
export function CardRows({ rows, children }: { rows: readonly (readonly [string, string, (string | undefined)?])[]; children?: ReactNode }) {
  return (
    <dl className="card-rows">
      {rows.map(([k, v, title]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd title={title}>{v}</dd>
        </div>
      ))}
      {children}
    </dl>
  );
}
