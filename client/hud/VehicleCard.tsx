import type { VehicleDetail } from '../../server/protocol/events';
import { fmtDuration, fmtPercent } from '../i18n/format';
import { siteTime } from '../i18n/siteTime';
import { otherNames } from '../i18n/names';
import { useLang } from '../i18n/useLang';
import { clearSelection } from '../net/connection';
import { useUi } from '../state/uiStore';
import { Card, CardRows } from './Card';
import { TruckEntry } from './forecast/TruckEntry';
import { ReasonView } from './ReasonView';

/** The clicked vehicle: what it carries, how long it has waited, its lane and the scheduler's reason. */
export function VehicleCard() {
  const { t } = useLang();
  const sel = useUi((s) => s.selection);
  if (!sel) return null;
  return (
    <Card testId="vehicle-card" onClose={clearSelection}>
      {sel.status === 'loading' ? <div className="card-title">{t('card.loading')}</div> : null}
      {sel.status === 'error' ? <div className="card-error">{t('card.error', { error: sel.error })}</div> : null}
      {sel.status === 'ok' ? <Detail d={sel.detail} /> : null}
    </Card>
  );
}

function Detail({ d }: { d: VehicleDetail }) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const none = t('card.none');
  const zones = site?.timezones ?? { vn: 7, cn: 8 };
  const crossing = d.crossing ? site?.crossings.find((c) => c.id === d.crossing) : undefined;
  const yard = d.yard ? site?.yards.find((y) => y.id === d.yard) : undefined;
  const state = d.kind === 'truck' ? t(`phase.${d.state}`, { defaultValue: d.state }) : t(`agvState.${d.state}`, { defaultValue: d.state });
  const rows: [string, string, (string | undefined)?][] = [[t('card.state'), state]];
  if (d.crossing) rows.push([t('card.crossing'), crossing?.name[lang] ?? d.crossing, crossing ? otherNames(crossing.name, lang) : undefined]);
  if (d.direction) rows.push([t('card.direction'), t(`direction.${d.direction}`)]);
  if (d.cargo) rows.push([t('card.cargo'), `${t(`cargo.${d.cargo}`, { defaultValue: d.cargo })}${d.perishable ? ` · ${t('legend.perishable')}` : ''}`]);
  if (d.waitingMin !== undefined) rows.push([t('card.waiting'), fmtDuration(lang, d.waitingMin)]);
  if (d.channel) rows.push([t('card.channel'), t(`channel.${d.channel}`, { defaultValue: d.channel })]);
  if (d.yard) rows.push([t('card.yard'), yard?.name[lang] ?? d.yard, yard ? otherNames(yard.name, lang) : undefined]);
  if (d.kind === 'truck') rows.push([t('card.lane'), d.assignment?.lane ?? d.lane ?? none]);
  if (d.assignment) rows.push([t('card.entry'), siteTime(lang, d.assignment.at, zones)]);
  if (d.mission) rows.push([t('card.mission'), t(`mission.${d.mission.mission}`, { from: d.mission.from, to: d.mission.to })]);
  if (d.container) rows.push([t('card.container'), d.container]);
  if (d.battery !== undefined && d.kind !== 'truck') rows.push([t('card.battery'), fmtPercent(lang, d.battery)]);
  const reason = d.assignment?.reason ?? d.mission?.reason;
  return (
    <>
      <div className="card-title">
        {t(`kind.${d.kind}`)} · {d.id}
        {d.stale ? <span className="card-stale">{t('card.stale')}</span> : null}
      </div>
      <CardRows rows={rows}>{d.kind === 'truck' ? <TruckEntry id={d.id} state={d.state} /> : null}</CardRows>
      {reason ? <ReasonView reason={reason} testId="vehicle-reason" /> : <div className="card-reason muted" data-testid="vehicle-reason">{t('card.noReason')}</div>}
    </>
  );
}
