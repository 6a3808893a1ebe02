import { useMemo } from 'react';
import type { Site } from '../../server/protocol/site';
import { useLang } from '../i18n/useLang';
import { buildSite3d } from '../scene/site/buildSite3d';
import { cameraPresets } from '../scene/camera/cameraPresets';
import { siteLabels } from '../scene/labels/labelSpecs';

/** The built scene data of a mode: site in 3D, labels in the current language, camera presets. */
export function useSceneSetup(site: Site, dark: boolean) {
  const { lang, t } = useLang();
  const site3d = useMemo(() => buildSite3d(site, dark), [site, dark]);
  const labels = useMemo(() => siteLabels(site3d, lang, t), [site3d, lang, t]);
  const presets = useMemo(() => cameraPresets(site3d.geo, site3d.heightAt, site3d.queueLines), [site3d]);
  return { site3d, labels, presets };
}
