import type { TFunction } from 'i18next';
import type { Lang } from '../../i18n/i18n';
import { otherNames } from '../../i18n/names';
import { createLabelBoard, type LabelBoard, type LabelSpec } from './labelBoard';
import { KEY_MARKERS, markerRank } from './labelLayout';
import type { Site3d } from '../site/site3d';

/** Builds the label board of a site in a language: markers, crossings (with lane counts) and yards. */
export function siteLabels(s: Site3d, lang: Lang, t: TFunction): LabelBoard {
  const { geo, heightAt } = s;
  const specs: LabelSpec[] = [
    ...geo.crossings.map((c): LabelSpec => ({
      key: `crossing:${c.item.id}`,
      text: c.item.name[lang],
      title: otherNames(c.item.name, lang),
      sub: t('scene.lanes', { count: c.item.lanes.length }),
      kind: 'crossing',
      x: c.x,
      y: heightAt(c.x, c.y) + 40,
      z: -c.y,
      // Freight crossings are the point of the twin; their names win over the passenger gates next to them.
      rank: c.item.kind === 'freight' ? 1 : 1.5,
      forced: false,
    })),
    ...geo.markers.map((m): LabelSpec => ({
      key: `marker:${m.item.id}`,
      text: m.item.id,
      kind: 'marker',
      x: m.x,
      y: heightAt(m.x, m.y) + 12,
      z: -m.y,
      rank: markerRank(m.item.id),
      forced: KEY_MARKERS.has(m.item.id),
    })),
    ...geo.yards.map((y): LabelSpec => ({
      key: `yard:${y.item.id}`,
      text: y.item.name[lang],
      title: otherNames(y.item.name, lang),
      kind: 'yard',
      x: y.x,
      y: heightAt(y.x, y.y) + 5,
      z: -y.y,
      rank: 3.5,
      forced: false,
    })),
  ];
  return createLabelBoard(specs);
}
