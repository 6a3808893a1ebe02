import { useState, type ReactNode } from 'react';
import { useLang } from '../i18n/useLang';
import { useUi } from '../state/uiStore';
import { AlertList } from './AlertList';
import { CrossingCards } from './CrossingCards';
import { AdvicePanel } from './forecast/AdvicePanel';
import { QueueChart } from './QueueChart';
import { ThroughputChart } from './ThroughputChart';
import { VerdictBar } from './VerdictBar';
import { WaitChart } from './WaitChart';

/** An extra tab of the panel (the replay screen adds the what-if comparison). */
export interface ExtraTab {
  id: string;
  label: string;
  body: ReactNode;
}

/** The executive side panel: KPIs (crossing cards and the three charts), the alert list, and any extra tab. */
export function ExecPanel({ extra }: { extra?: ExtraTab }) {
  const { t } = useLang();
  const [tab, setTab] = useState<string>('kpi');
  const active = useUi((s) => s.alerts.filter((a) => a.clearedAt === undefined).length);
  return (
    <aside className="side-panel" data-occludes aria-label={t('panel.label')}>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'kpi'} className={tab === 'kpi' ? 'on' : ''} onClick={() => setTab('kpi')}>
          {t('panel.kpi')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'alerts'} className={tab === 'alerts' ? 'on' : ''} onClick={() => setTab('alerts')}>
          {t('panel.alerts')}
          {active > 0 ? <span className="badge">{active}</span> : null}
        </button>
        {extra ? (
          <button type="button" role="tab" aria-selected={tab === extra.id} className={tab === extra.id ? 'on' : ''} onClick={() => setTab(extra.id)}>
            {extra.label}
          </button>
        ) : null}
      </div>
      <div className="panel-body">
        {tab === 'kpi' ? (
          <>
            <VerdictBar />
            <CrossingCards />
            <ThroughputChart />
            <WaitChart />
            <QueueChart />
            <AdvicePanel />
          </>
        ) : tab === 'alerts' ? (
          <AlertList />
        ) : (
          extra?.body
        )}
      </div>
    </aside>
  );
}
