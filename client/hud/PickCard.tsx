import { fmtNumber } from '../i18n/format';
import { otherNames } from '../i18n/names';
import { siteHours } from '../i18n/siteTime';
import { useLang } from '../i18n/useLang';
import { pickThing, useUi } from '../state/uiStore';
import { Card, CardRows } from './Card';
import { LaneControls } from './LaneControls';
import { ReasonView } from './ReasonView';

/** Details of a clicked lane (status, direction and the scheduler's reason for it) or heat zone (density, queue). */
export function PickCard() {
  const pick = useUi((s) => s.pick);
  if (!pick) return null;
  return (
    <Card testId="pick-card" onClose={() => pickThing(null)}>
      {pick.kind === 'lane' ? <LaneDetail id={pick.id} /> : <ZoneDetail id={pick.id} />}
    </Card>
  );
}

function LaneDetail({ id }: { id: string }) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const status = useUi((s) => s.kpi?.lanes.find((l) => l.lane === id));
  const dir = useUi((s) => s.plan?.laneDirections.find((l) => l.lane === id));
  const crossing = site?.crossings.find((c) => c.lanes.some((l) => l.id === id));
  const lane = crossing?.lanes.find((l) => l.id === id);
  const yes = (b: boolean) => (b ? t('lane.yes') : t('lane.no'));
  const rows: [string, string, (string | undefined)?][] = [];
  if (crossing) rows.push([t('card.crossing'), crossing.name[lang], otherNames(crossing.name, lang)]);
  if (lane) {
    rows.push([t('lane.direction'), t(`direction.${lane.direction}`)]);
    rows.push([t('lane.classes'), lane.classes.map((c) => t(`vehicleClass.${c}`)).join(', ')]);
    const h = lane.hours ?? crossing?.hours;
    if (h) rows.push([t('lane.hours'), siteHours(lang, h.open, h.close, site?.timezones ?? { vn: 7, cn: 8 })]);
    rows.push([t('lane.service'), t('reason.seconds', { value: fmtNumber(lang, lane.serviceS) })]);
  }
  if (status) {
    rows.push([t('lane.status'), status.open ? t('lane.open') : t('lane.closed')]);
    rows.push([t('lane.running'), t(`direction.${status.effectiveDirection}`)]);
    rows.push([t('lane.queue'), fmtNumber(lang, status.queue)]);
    rows.push([t('lane.busy'), yes(status.busy)]);
  }
  return (
    <>
      <div className="card-title">{t('lane.title', { id })}</div>
      <CardRows rows={rows} />
      {!status ? <div className="muted">{t('lane.noStatus')}</div> : null}
      {status ? <LaneControls key={id} status={status} /> : null}
      {dir ? <ReasonView reason={dir.reason} /> : null}
    </>
  );
}

function ZoneDetail({ id }: { id: string }) {
  const { t, lang } = useLang();
  const site = useUi((s) => s.site);
  const z = useUi((s) => s.kpi?.zones.find((k) => k.zone === id));
  const zone = site?.zones.find((x) => x.id === id);
  const crossing = zone ? site?.crossings.find((c) => c.id === zone.crossing) : undefined;
  const rows: [string, string, (string | undefined)?][] = [];
  if (crossing) rows.push([t('card.crossing'), crossing.name[lang], otherNames(crossing.name, lang)]);
  if (zone) rows.push([t('zone.side'), t(`side.${zone.side}`)]);
  if (z) {
    rows.push([t('zone.density'), t('zone.perHundred', { value: fmtNumber(lang, z.density, 1) })]);
    rows.push([t('zone.queue'), fmtNumber(lang, z.queue)]);
  }
  return (
    <>
      <div className="card-title">{t('zone.title', { id })}</div>
      <CardRows rows={rows} />
      {!z ? <div className="muted">{t('zone.noStatus')}</div> : null}
    </>
  );
}
