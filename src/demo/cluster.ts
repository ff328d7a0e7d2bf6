import { writeFile } from 'node:fs/promises';
import { DemoClock } from './clock.ts';
import { DemoSiteImpl, type SiteTemplate } from './site.ts';
import type { DemoCluster, DemoSite, DemoSiteSpec } from './types.ts';
import type { DemoTemplate } from './catalogue.ts';
import { biquge } from './templates/biquge.ts';
import { json } from './templates/json.ts';
import { paged } from './templates/paged.ts';
import { english } from './templates/english.ts';

const templates: Record<DemoTemplate, SiteTemplate> = { biquge, paged, json, english };

/** Templates this build can start. */
export function availableTemplates(): DemoTemplate[] {
  return Object.keys(templates) as DemoTemplate[];
}

/**
 * Starts demo sites on 127.0.0.1, one port each (default: one site of each template), all on one
 * clock (default: a manual DemoClock at DEMO_EPOCH).
 */
export async function startDemoSites(
  options: { sites?: DemoSiteSpec[]; clock?: DemoClock } = {},
): Promise<DemoCluster> {
  const clock = options.clock ?? new DemoClock();
  const specs: DemoSiteSpec[] =
    options.sites ?? availableTemplates().map((template) => ({ template }));
  const used = new Set<string>();
  const sites: DemoSiteImpl[] = [];
  try {
    for (const spec of specs) {
      const impl = templates[spec.template];
      if (!impl) throw new Error(`unknown demo template: ${spec.template}`);
      let name = spec.name ?? spec.template;
      if (used.has(name)) {
        if (spec.name) throw new Error(`two demo sites named ${name}`);
        let n = 2;
        while (used.has(`${spec.template}-${n}`)) n++;
        name = `${spec.template}-${n}`;
      }
      used.add(name);
      const site = new DemoSiteImpl(spec, name, impl, clock);
      await site.listen(spec.port ?? 0);
      sites.push(site);
    }
  } catch (error) {
    await Promise.all(sites.map((s) => s.close()));
    throw error;
  }
  let closed = false;
  return {
    sites,
    clock,
    site(nameOrTemplate: string): DemoSite {
      const site =
        sites.find((s) => s.name === nameOrTemplate) ??
        sites.find((s) => s.template === nameOrTemplate);
      if (!site) throw new Error(`no demo site ${nameOrTemplate}`);
      return site;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(sites.map((s) => s.close()));
    },
  };
}

/** The book sources of these sites, as one Legado import array. */
export function demoSources(sites: readonly DemoSite[]): Record<string, unknown>[] {
  return sites.map((site) => site.source);
}

/** Writes the sites' book sources as one JSON file (an array), the format Legado imports. */
export async function writeDemoSources(sites: readonly DemoSite[], path: string): Promise<void> {
  await writeFile(path, JSON.stringify(demoSources(sites), null, 2) + '\n', 'utf8');
}
